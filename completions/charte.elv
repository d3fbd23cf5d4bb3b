
use builtin;
use str;

set edit:completion:arg-completer[charte] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'charte'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'charte'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check the declarations against the référentiels in use'
            cand upcoming 'List the dated obligations ahead: what becomes effective, what falls due'
            cand report 'Write the organization''s public conformity statement'
            cand badge 'Write an SVG badge with a product''s conformity rate'
            cand explain 'Explain a finding code: what it means, its default severity, how to fix it'
            cand completions 'Print shell completions for charte'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;check'= {
            cand -p 'Only this product (repeatable); the organization''s commitments are always checked'
            cand --product 'Only this product (repeatable); the organization''s commitments are always checked'
            cand --format 'Output format on stdout'
            cand --report 'Also write the report as FORMAT to PATH (repeatable), e.g. sarif=charte.sarif'
            cand --fail-on 'Which findings fail the run'
            cand --deny 'Make findings of CODE errors (repeatable)'
            cand --warn 'Make findings of CODE warnings (repeatable)'
            cand --allow 'Drop findings of CODE (repeatable)'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;upcoming'= {
            cand --within 'How far ahead to look: days (180d) or weeks (26w); months and years vary in length, so give them in days'
            cand -p 'Only this product''s obligations (repeatable); without it, the organization''s and every product''s'
            cand --product 'Only this product''s obligations (repeatable); without it, the organization''s and every product''s'
            cand --format 'Output format'
            cand -o 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --output 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;report'= {
            cand --format 'Output format'
            cand -o 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --output 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --lang 'Language of the statement'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;badge'= {
            cand -p 'The product whose rate the badge shows'
            cand --product 'The product whose rate the badge shows'
            cand -o 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --output 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)'
            cand --lang 'Language of the badge''s text'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --organization 'Show the organization''s charter commitments instead of a product'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;explain'= {
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --all 'Every code in full'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;completions'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;help'= {
            cand check 'Check the declarations against the référentiels in use'
            cand upcoming 'List the dated obligations ahead: what becomes effective, what falls due'
            cand report 'Write the organization''s public conformity statement'
            cand badge 'Write an SVG badge with a product''s conformity rate'
            cand explain 'Explain a finding code: what it means, its default severity, how to fix it'
            cand completions 'Print shell completions for charte'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;help;check'= {
        }
        &'charte;help;upcoming'= {
        }
        &'charte;help;report'= {
        }
        &'charte;help;badge'= {
        }
        &'charte;help;explain'= {
        }
        &'charte;help;completions'= {
        }
        &'charte;help;help'= {
        }
    ]
    $completions[$command]
}
