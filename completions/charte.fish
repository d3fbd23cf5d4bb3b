# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_charte_global_optspecs
    string join \n manifest= q/quiet v/verbose color= offline today= h/help V/version
end

function __fish_charte_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_charte_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_charte_using_subcommand
    set -l cmd (__fish_charte_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c charte -n "__fish_charte_needs_command" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_needs_command" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_needs_command" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_needs_command" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_needs_command" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_needs_command" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_needs_command" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_needs_command" -f -a "check" -d 'Check the declarations against the référentiels in use'
complete -c charte -n "__fish_charte_needs_command" -f -a "upcoming" -d 'List the dated obligations ahead: what becomes effective, what falls due'
complete -c charte -n "__fish_charte_needs_command" -f -a "report" -d 'Write the organization\'s public conformity statement'
complete -c charte -n "__fish_charte_needs_command" -f -a "badge" -d 'Write an SVG badge with a product\'s conformity rate'
complete -c charte -n "__fish_charte_needs_command" -f -a "explain" -d 'Explain a finding code: what it means, its default severity, how to fix it'
complete -c charte -n "__fish_charte_needs_command" -f -a "completions" -d 'Print shell completions for charte'
complete -c charte -n "__fish_charte_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand check" -s p -l product -d 'Only this product (repeatable); the organization\'s commitments are always checked' -r
complete -c charte -n "__fish_charte_using_subcommand check" -l format -d 'Output format on stdout' -r -f -a "table\t'Tables for people (the default)'
json\t'The JSON report of the contract, for scripts'
sarif\t'SARIF 2.1.0, for code scanning (findings located in charte.toml)'
junit\t'JUnit XML, for test reports: one suite per product, one case per requirement'
markdown\t'Markdown, for a pull-request comment or a CI job summary'"
complete -c charte -n "__fish_charte_using_subcommand check" -l report -d 'Also write the report as FORMAT to PATH (repeatable), e.g. sarif=charte.sarif' -r
complete -c charte -n "__fish_charte_using_subcommand check" -l fail-on -d 'Which findings fail the run' -r -f -a "error\t''
warning\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand check" -l deny -d 'Make findings of CODE errors (repeatable)' -r -f -a "unknown-product\t'a declaration names no product of the manifest'
unknown-referential\t'a requirement reference names a referential not in `[referentials] use`'
unknown-requirement\t'the referential has no such requirement, nor one that replaces it'
duplicate-declaration\t'two declarations for one product and requirement'
missing-justification\t'partial, non-conform or not-applicable without a justification'
missing-due-date\t'planned without a due date'
missing-declaration\t'an applicable, effective requirement has no declaration'
non-conform\t'a requirement in force is declared non-conform'
partial\t'a requirement in force is declared partially conform'
planned-overdue\t'planned, and the due date has passed'
planned-due-soon\t'planned, and due within 30 days'
missing-proof\t'declared conform, but a required proof has no evidence naming it'
evidence-expired\t'evidence is older than the proof\'s max-age-days'
evidence-file-missing\t'an evidence path that does not exist'
evidence-digest-mismatch\t'an evidence file whose sha256 differs from the declared one'
evidence-path-outside\t'an evidence path that is absolute or leaves the manifest\'s folder'
requirement-replaced\t'the declaration names an id that a newer requirement replaces'
requirement-revised\t'the requirement was revised after the declaration was made'
not-applicable-declared\t'a declaration for a requirement that does not apply to that product'
upcoming-requirement\t'applies, comes into force later, and is not declared conform yet'
lock-out-of-date\t'charte.lock does not match `[referentials] use`'"
complete -c charte -n "__fish_charte_using_subcommand check" -l warn -d 'Make findings of CODE warnings (repeatable)' -r -f -a "unknown-product\t'a declaration names no product of the manifest'
unknown-referential\t'a requirement reference names a referential not in `[referentials] use`'
unknown-requirement\t'the referential has no such requirement, nor one that replaces it'
duplicate-declaration\t'two declarations for one product and requirement'
missing-justification\t'partial, non-conform or not-applicable without a justification'
missing-due-date\t'planned without a due date'
missing-declaration\t'an applicable, effective requirement has no declaration'
non-conform\t'a requirement in force is declared non-conform'
partial\t'a requirement in force is declared partially conform'
planned-overdue\t'planned, and the due date has passed'
planned-due-soon\t'planned, and due within 30 days'
missing-proof\t'declared conform, but a required proof has no evidence naming it'
evidence-expired\t'evidence is older than the proof\'s max-age-days'
evidence-file-missing\t'an evidence path that does not exist'
evidence-digest-mismatch\t'an evidence file whose sha256 differs from the declared one'
evidence-path-outside\t'an evidence path that is absolute or leaves the manifest\'s folder'
requirement-replaced\t'the declaration names an id that a newer requirement replaces'
requirement-revised\t'the requirement was revised after the declaration was made'
not-applicable-declared\t'a declaration for a requirement that does not apply to that product'
upcoming-requirement\t'applies, comes into force later, and is not declared conform yet'
lock-out-of-date\t'charte.lock does not match `[referentials] use`'"
complete -c charte -n "__fish_charte_using_subcommand check" -l allow -d 'Drop findings of CODE (repeatable)' -r -f -a "unknown-product\t'a declaration names no product of the manifest'
unknown-referential\t'a requirement reference names a referential not in `[referentials] use`'
unknown-requirement\t'the referential has no such requirement, nor one that replaces it'
duplicate-declaration\t'two declarations for one product and requirement'
missing-justification\t'partial, non-conform or not-applicable without a justification'
missing-due-date\t'planned without a due date'
missing-declaration\t'an applicable, effective requirement has no declaration'
non-conform\t'a requirement in force is declared non-conform'
partial\t'a requirement in force is declared partially conform'
planned-overdue\t'planned, and the due date has passed'
planned-due-soon\t'planned, and due within 30 days'
missing-proof\t'declared conform, but a required proof has no evidence naming it'
evidence-expired\t'evidence is older than the proof\'s max-age-days'
evidence-file-missing\t'an evidence path that does not exist'
evidence-digest-mismatch\t'an evidence file whose sha256 differs from the declared one'
evidence-path-outside\t'an evidence path that is absolute or leaves the manifest\'s folder'
requirement-replaced\t'the declaration names an id that a newer requirement replaces'
requirement-revised\t'the requirement was revised after the declaration was made'
not-applicable-declared\t'a declaration for a requirement that does not apply to that product'
upcoming-requirement\t'applies, comes into force later, and is not declared conform yet'
lock-out-of-date\t'charte.lock does not match `[referentials] use`'"
complete -c charte -n "__fish_charte_using_subcommand check" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand check" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand check" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand check" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand check" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand check" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand check" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l within -d 'How far ahead to look: days (180d) or weeks (26w); months and years vary in length, so give them in days' -r
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s p -l product -d 'Only this product\'s obligations (repeatable); without it, the organization\'s and every product\'s' -r
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l format -d 'Output format' -r -f -a "table\t'A table for people (the default)'
json\t'JSON, for scripts'
ics\t'An iCalendar file (RFC 5545): one all-day event per obligation'"
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s o -l output -d 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)' -r -F
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand report" -l format -d 'Output format' -r -f -a "html\t'One self-contained page, to publish on a website'
markdown\t'Markdown, for a repository or a wiki'"
complete -c charte -n "__fish_charte_using_subcommand report" -s o -l output -d 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)' -r -F
complete -c charte -n "__fish_charte_using_subcommand report" -l lang -d 'Language of the statement' -r -f -a "fr\t'Français'
en\t'English'"
complete -c charte -n "__fish_charte_using_subcommand report" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand report" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand report" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand report" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand report" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand report" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand report" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand badge" -s p -l product -d 'The product whose rate the badge shows' -r
complete -c charte -n "__fish_charte_using_subcommand badge" -s o -l output -d 'Write to this file instead of stdout (replaced atomically, untouched when unchanged)' -r -F
complete -c charte -n "__fish_charte_using_subcommand badge" -l lang -d 'Language of the badge\'s text' -r -f -a "fr\t'Français'
en\t'English'"
complete -c charte -n "__fish_charte_using_subcommand badge" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand badge" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand badge" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand badge" -l organization -d 'Show the organization\'s charter commitments instead of a product'
complete -c charte -n "__fish_charte_using_subcommand badge" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand badge" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand badge" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand badge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand badge" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand explain" -l format -d 'Output format' -r -f -a "text\t'Plain text, wrapped for a terminal'
markdown\t'Markdown, as in docs/findings.md'"
complete -c charte -n "__fish_charte_using_subcommand explain" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand explain" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand explain" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand explain" -l all -d 'Every code in full'
complete -c charte -n "__fish_charte_using_subcommand explain" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand explain" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand explain" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand explain" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand completions" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand completions" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand completions" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand completions" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand completions" -l offline -d 'Never use the network'
complete -c charte -n "__fish_charte_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand completions" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "check" -d 'Check the declarations against the référentiels in use'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "upcoming" -d 'List the dated obligations ahead: what becomes effective, what falls due'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "report" -d 'Write the organization\'s public conformity statement'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "badge" -d 'Write an SVG badge with a product\'s conformity rate'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "explain" -d 'Explain a finding code: what it means, its default severity, how to fix it'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "completions" -d 'Print shell completions for charte'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from check upcoming report badge explain completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
