
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create charte.toml for your organization')
            [CompletionResult]::new('product', 'product', [CompletionResultType]::ParameterValue, 'Add, list, change or remove products')
            [CompletionResult]::new('declare', 'declare', [CompletionResultType]::ParameterValue, 'Create or update a product''s declaration of a requirement')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Create or update a commitment: the organization''s declaration of an organization-level requirement (the charter''s engagements)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing')
            [CompletionResult]::new('referentials', 'referentials', [CompletionResultType]::ParameterValue, 'List the référentiels of the catalogue, show one''s requirements, or import an official file into a catalogue folder')
            [CompletionResult]::new('catalogue', 'catalogue', [CompletionResultType]::ParameterValue, 'Maintain a catalogue folder: its index, and checks of every document')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Resolve the référentiels in use, download them, and write charte.lock')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Move charte.lock to the newest versions `use` accepts, and show the impact')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Add or remove référentiels of [referentials] use, and update charte.lock')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the declarations against the référentiels in use')
            [CompletionResult]::new('upcoming', 'upcoming', [CompletionResultType]::ParameterValue, 'List the dated obligations ahead: what becomes effective, what falls due')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write the organization''s public conformity statement')
            [CompletionResult]::new('badge', 'badge', [CompletionResultType]::ParameterValue, 'Write an SVG badge with a product''s conformity rate')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store the token of a registry, for `charte submit` and `charte status`')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored token of a registry')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Send the declarations to the registry')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the registry holds, and whether your declarations changed since')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the registry logged your receipts, and never rewrote its log')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a finding code: what it means, its default severity, how to fix it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for charte')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The organization''s name')
            [CompletionResult]::new('--siren', '--siren', [CompletionResultType]::ParameterName, 'Its SIREN: 9 digits')
            [CompletionResult]::new('--contact', '--contact', [CompletionResultType]::ParameterName, 'An e-mail address ANS and the registry can reach')
            [CompletionResult]::new('--federation', '--federation', [CompletionResultType]::ParameterName, 'Its professional federation (FEIMA, LESISS…)')
            [CompletionResult]::new('--use', '--use', [CompletionResultType]::ParameterName, 'A référentiel to declare against, ID or ID@VERSION; repeatable or comma-separated. charte-engagements is always kept [default: those that apply to the --kind and --service given; without them charte-engagements, ins, identification-electronique, ssi]')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'A kind of product the organization publishes (lgc, dpi…), to propose the référentiels that apply to it; repeatable or comma-separated')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'A service its products use (dmp, mssante, insi…), to propose the référentiels that apply to it; repeatable or comma-separated')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Ask nothing: take the defaults for what the flags do not give')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Ask nothing: take the defaults for what the flags do not give')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing manifest')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;product' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the products and how many declarations each has')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a product''s name, version, kind, services or profiles')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a product')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;product;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Its name, as customers know it')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version the declarations are about')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'dpi, pfi, lgc, sgl, ris, drimbox, lgo, dui, mes-app or other')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'A service it uses (dmp, mssante, insi, pro-sante-connect, e-prescription, apcv…); repeatable')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile that switches on conditional requirements (centres-de-sante…); repeatable')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Keep a service or profile that no referential knows')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'charte;product;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;product;set' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A new name')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'A new version')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'A new kind')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The services, replacing the current ones; repeatable')
            [CompletionResult]::new('--add-service', '--add-service', [CompletionResultType]::ParameterName, 'Add a service; repeatable')
            [CompletionResult]::new('--remove-service', '--remove-service', [CompletionResultType]::ParameterName, 'Remove a service; repeatable')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profiles, replacing the current ones; repeatable')
            [CompletionResult]::new('--add-profile', '--add-profile', [CompletionResultType]::ParameterName, 'Add a profile; repeatable')
            [CompletionResult]::new('--remove-profile', '--remove-profile', [CompletionResultType]::ParameterName, 'Remove a profile; repeatable')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--reattest', '--reattest', [CompletionResultType]::ParameterName, 'Attest the product''s declarations again: set their `declared` date to the evaluation date (with --version, once the new version is checked)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Keep a service or profile that no referential knows')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'charte;product;remove' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--with-declarations', '--with-declarations', [CompletionResultType]::ParameterName, 'Remove its declarations too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;product;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the products and how many declarations each has')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a product''s name, version, kind, services or profiles')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a product')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;product;help;add' {
            break
        }
        'charte;product;help;list' {
            break
        }
        'charte;product;help;set' {
            break
        }
        'charte;product;help;remove' {
            break
        }
        'charte;product;help;help' {
            break
        }
        'charte;declare' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'conform, partial, non-conform, planned or not-applicable')
            [CompletionResult]::new('--justification', '--justification', [CompletionResultType]::ParameterName, 'Why: required for partial, non-conform and not-applicable')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'When the work will be delivered (YYYY-MM-DD): required for planned')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable')
            [CompletionResult]::new('--proof', '--proof', [CompletionResultType]::ParameterName, 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When the evidence given here was produced [default: the evaluation date]')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--clear-evidence', '--clear-evidence', [CompletionResultType]::ParameterName, 'Drop the evidence already declared before adding the one given')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Declare even requirements that do not apply (check then warns: not-applicable-declared)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;commit' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'conform, partial, non-conform, planned or not-applicable')
            [CompletionResult]::new('--justification', '--justification', [CompletionResultType]::ParameterName, 'Why: required for partial, non-conform and not-applicable')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'When the work will be delivered (YYYY-MM-DD): required for planned')
            [CompletionResult]::new('--evidence', '--evidence', [CompletionResultType]::ParameterName, 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable')
            [CompletionResult]::new('--proof', '--proof', [CompletionResultType]::ParameterName, 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'When the evidence given here was produced [default: the evaluation date]')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--clear-evidence', '--clear-evidence', [CompletionResultType]::ParameterName, 'Drop the evidence already declared before adding the one given')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Declare even requirements that do not apply (check then warns: not-applicable-declared)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s format [default: jsonl for .jsonl and .ndjson files, csv otherwise]')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'How --dry-run says what would change')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check every row and say, field by field, what would change; write nothing')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Make each row the whole declaration: fields without a column are cleared')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Accept rows for requirements that do not apply to their product')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Only this product''s declarations (no commitments); repeatable')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--missing', '--missing', [CompletionResultType]::ParameterName, 'The applicable requirements without a declaration, to fill in and import')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;referentials' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a référentiel''s requirements, with their proofs and conditions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn your copy of an official requirement file into référentiel documents')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;referentials;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;referentials;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;referentials;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s format; guessed from its sheets, header or keys when absent')
            [CompletionResult]::new('--into', '--into', [CompletionResultType]::ParameterName, 'A catalogue folder to write the documents and index.json into')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The référentiel id to give the document (one referential only)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version to give the document (one referential only)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Import only this project, REM or framework (name or id; repeatable)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Keep requirements of this status (repeatable; default: approved only; obsolete ones never)')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be written, and write nothing')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Inside a project, add the --into folder to [referentials] index without asking')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'charte;referentials;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a référentiel''s requirements, with their proofs and conditions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn your copy of an official requirement file into référentiel documents')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;referentials;help;list' {
            break
        }
        'charte;referentials;help;show' {
            break
        }
        'charte;referentials;help;import' {
            break
        }
        'charte;referentials;help;help' {
            break
        }
        'charte;catalogue' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every entry of a catalogue''s index is there, parses and matches its sha256')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a catalogue''s index.json, for manifests that name its key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;catalogue;index' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;catalogue;verify' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;catalogue;sign' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The minisign secret key')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;catalogue;help' {
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every entry of a catalogue''s index is there, parses and matches its sha256')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a catalogue''s index.json, for manifests that name its key')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;catalogue;help;index' {
            break
        }
        'charte;catalogue;help;verify' {
            break
        }
        'charte;catalogue;help;sign' {
            break
        }
        'charte;catalogue;help;help' {
            break
        }
        'charte;fetch' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;update' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the impact, but leave charte.lock as it is')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;use' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop using référentiels')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;use;add' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The catalogue of [referentials] index they come from, as written there (`embedded`, a folder, an index URL): needed when several offer one')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;use;remove' {
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Remove them even though declarations or commitments still name them')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;use;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop using référentiels')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;use;help;add' {
            break
        }
        'charte;use;help;remove' {
            break
        }
        'charte;use;help;help' {
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;upcoming' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'How far ahead to look: days (180d), weeks (26w), calendar months (6m) or years (1y)')
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;login' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry''s address [default: [registry] url of charte.toml]')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;logout' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry''s address [default: [registry] url of charte.toml]')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;submit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only this product (repeatable)')
            [CompletionResult]::new('--product', '--product', [CompletionResultType]::ParameterName, 'Only this product (repeatable)')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry''s address [default: [registry] url of charte.toml]')
            [CompletionResult]::new('--withdraw', '--withdraw', [CompletionResultType]::ParameterName, 'Withdraw this product from the registry instead of sending declarations')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Have the registry validate the documents, storing nothing (with --offline: print them)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Withdraw without asking for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Withdraw without asking for confirmation')
            [CompletionResult]::new('--public', '--public', [CompletionResultType]::ParameterName, 'List the organization in the registry''s public directory')
            [CompletionResult]::new('--private', '--private', [CompletionResultType]::ParameterName, 'Remove the organization from the registry''s public directory')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;status' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry''s address [default: [registry] url of charte.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;verify' {
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'The registry''s address [default: [registry] url of charte.toml]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--manifest', '--manifest', [CompletionResultType]::ParameterName, 'Path to charte.toml [default: searched in the current folder and its parents]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--today', '--today', [CompletionResultType]::ParameterName, 'Evaluation date, YYYY-MM-DD [default: today, UTC]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is done (on stderr)')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
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
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Never use the network: referentials come from the embedded catalogue and the cache')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Fail instead of writing or changing charte.lock')
            [CompletionResult]::new('--frozen', '--frozen', [CompletionResultType]::ParameterName, 'Both --locked and --offline: check exactly what charte.lock pins, with no network')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'charte;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create charte.toml for your organization')
            [CompletionResult]::new('product', 'product', [CompletionResultType]::ParameterValue, 'Add, list, change or remove products')
            [CompletionResult]::new('declare', 'declare', [CompletionResultType]::ParameterValue, 'Create or update a product''s declaration of a requirement')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Create or update a commitment: the organization''s declaration of an organization-level requirement (the charter''s engagements)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing')
            [CompletionResult]::new('referentials', 'referentials', [CompletionResultType]::ParameterValue, 'List the référentiels of the catalogue, show one''s requirements, or import an official file into a catalogue folder')
            [CompletionResult]::new('catalogue', 'catalogue', [CompletionResultType]::ParameterValue, 'Maintain a catalogue folder: its index, and checks of every document')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Resolve the référentiels in use, download them, and write charte.lock')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Move charte.lock to the newest versions `use` accepts, and show the impact')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Add or remove référentiels of [referentials] use, and update charte.lock')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check the declarations against the référentiels in use')
            [CompletionResult]::new('upcoming', 'upcoming', [CompletionResultType]::ParameterValue, 'List the dated obligations ahead: what becomes effective, what falls due')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Write the organization''s public conformity statement')
            [CompletionResult]::new('badge', 'badge', [CompletionResultType]::ParameterValue, 'Write an SVG badge with a product''s conformity rate')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Store the token of a registry, for `charte submit` and `charte status`')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Remove the stored token of a registry')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Send the declarations to the registry')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the registry holds, and whether your declarations changed since')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the registry logged your receipts, and never rewrote its log')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a finding code: what it means, its default severity, how to fix it')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions for charte')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'charte;help;init' {
            break
        }
        'charte;help;product' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the products and how many declarations each has')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a product''s name, version, kind, services or profiles')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a product')
            break
        }
        'charte;help;product;add' {
            break
        }
        'charte;help;product;list' {
            break
        }
        'charte;help;product;set' {
            break
        }
        'charte;help;product;remove' {
            break
        }
        'charte;help;declare' {
            break
        }
        'charte;help;commit' {
            break
        }
        'charte;help;import' {
            break
        }
        'charte;help;export' {
            break
        }
        'charte;help;referentials' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a référentiel''s requirements, with their proofs and conditions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Turn your copy of an official requirement file into référentiel documents')
            break
        }
        'charte;help;referentials;list' {
            break
        }
        'charte;help;referentials;show' {
            break
        }
        'charte;help;referentials;import' {
            break
        }
        'charte;help;catalogue' {
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that every entry of a catalogue''s index is there, parses and matches its sha256')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a catalogue''s index.json, for manifests that name its key')
            break
        }
        'charte;help;catalogue;index' {
            break
        }
        'charte;help;catalogue;verify' {
            break
        }
        'charte;help;catalogue;sign' {
            break
        }
        'charte;help;fetch' {
            break
        }
        'charte;help;update' {
            break
        }
        'charte;help;use' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop using référentiels')
            break
        }
        'charte;help;use;add' {
            break
        }
        'charte;help;use;remove' {
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
        'charte;help;login' {
            break
        }
        'charte;help;logout' {
            break
        }
        'charte;help;submit' {
            break
        }
        'charte;help;status' {
            break
        }
        'charte;help;verify' {
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
