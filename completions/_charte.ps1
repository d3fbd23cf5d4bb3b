
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'charte' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'charte'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'charte' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the declarations against the référentiels in use')
            [CompletionResult]::new('upcoming', 'upcoming', [CompletionResultType]::ParameterValue, 'List the dated obligations ahead: what becomes effective, what falls due')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write the organization''s public conformity statement')
            [CompletionResult]::new('badge', 'badge', [CompletionResultType]::ParameterValue, 'Write an SVG badge with a product''s conformity rate')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a finding code: what it means, its default severity, how to fix it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for charte')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;check' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this product (repeatable); the organization''s commitments are always checked')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Only this product (repeatable); the organization''s commitments are always checked')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Also write the report as FORMAT to PATH (repeatable), e.g. sarif=charte.sarif')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Which findings fail the run')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Make findings of CODE errors (repeatable)')
            [CompletionResult]::new('--warn', '--warn', [CompletionResultType]::ParameterName, 'Make findings of CODE warnings (repeatable)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Drop findings of CODE (repeatable)')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;upcoming' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'How far ahead to look: days (180d) or weeks (26w); months and years vary in length, so give them in days')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this product''s obligations (repeatable); without it, the organization''s and every product''s')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Only this product''s obligations (repeatable); without it, the organization''s and every product''s')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;report' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the statement')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;badge' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The product whose rate the badge shows')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'The product whose rate the badge shows')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'Language of the badge''s text')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--organization', '--organization', [CompletionResultType]::ParameterName, 'Show the organization''s charter commitments instead of a product')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;explain' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every code in full')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;completions' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the declarations against the référentiels in use')
            [CompletionResult]::new('upcoming', 'upcoming', [CompletionResultType]::ParameterValue, 'List the dated obligations ahead: what becomes effective, what falls due')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write the organization''s public conformity statement')
            [CompletionResult]::new('badge', 'badge', [CompletionResultType]::ParameterValue, 'Write an SVG badge with a product''s conformity rate')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a finding code: what it means, its default severity, how to fix it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for charte')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;help;check' {
            break
        }
        'charte;help;upcoming' {
            break
        }
        'charte;help;report' {
            break
        }
        'charte;help;badge' {
            break
        }
        'charte;help;explain' {
            break
        }
        'charte;help;completions' {
            break
        }
        'charte;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
