# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_charte_global_optspecs
    string join \n manifest= q/quiet v/verbose color= offline locked frozen today= h/help V/version
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
complete -c charte -n "__fish_charte_needs_command" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_needs_command" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_needs_command" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_needs_command" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_needs_command" -f -a "init" -d 'Create charte.toml for your organization'
complete -c charte -n "__fish_charte_needs_command" -f -a "product" -d 'Add, list, change or remove products'
complete -c charte -n "__fish_charte_needs_command" -f -a "declare" -d 'Create or update a product\'s declaration of a requirement'
complete -c charte -n "__fish_charte_needs_command" -f -a "commit" -d 'Create or update a commitment: the organization\'s declaration of an organization-level requirement (the charter\'s engagements)'
complete -c charte -n "__fish_charte_needs_command" -f -a "import" -d 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing'
complete -c charte -n "__fish_charte_needs_command" -f -a "export" -d 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing'
complete -c charte -n "__fish_charte_needs_command" -f -a "referentials" -d 'List the référentiels of the catalogue, show one\'s requirements, or import an official file into a catalogue folder'
complete -c charte -n "__fish_charte_needs_command" -f -a "catalogue" -d 'Maintain a catalogue folder: its index, and checks of every document'
complete -c charte -n "__fish_charte_needs_command" -f -a "fetch" -d 'Resolve the référentiels in use, download them, and write charte.lock'
complete -c charte -n "__fish_charte_needs_command" -f -a "update" -d 'Move charte.lock to the newest versions `use` accepts, and show the impact'
complete -c charte -n "__fish_charte_needs_command" -f -a "use" -d 'Add or remove référentiels of [referentials] use, and update charte.lock'
complete -c charte -n "__fish_charte_needs_command" -f -a "check" -d 'Check the declarations against the référentiels in use'
complete -c charte -n "__fish_charte_needs_command" -f -a "upcoming" -d 'List the dated obligations ahead: what becomes effective, what falls due'
complete -c charte -n "__fish_charte_needs_command" -f -a "report" -d 'Write the organization\'s public conformity statement'
complete -c charte -n "__fish_charte_needs_command" -f -a "badge" -d 'Write an SVG badge with a product\'s conformity rate'
complete -c charte -n "__fish_charte_needs_command" -f -a "login" -d 'Store the token of a registry, for `charte submit` and `charte status`'
complete -c charte -n "__fish_charte_needs_command" -f -a "logout" -d 'Remove the stored token of a registry'
complete -c charte -n "__fish_charte_needs_command" -f -a "submit" -d 'Send the declarations to the registry'
complete -c charte -n "__fish_charte_needs_command" -f -a "status" -d 'Show what the registry holds, and whether your declarations changed since'
complete -c charte -n "__fish_charte_needs_command" -f -a "verify" -d 'Check that the registry logged your receipts, and never rewrote its log'
complete -c charte -n "__fish_charte_needs_command" -f -a "explain" -d 'Explain a finding code: what it means, its default severity, how to fix it'
complete -c charte -n "__fish_charte_needs_command" -f -a "completions" -d 'Print shell completions for charte'
complete -c charte -n "__fish_charte_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand init" -l name -d 'The organization\'s name' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l siren -d 'Its SIREN: 9 digits' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l contact -d 'An e-mail address ANS and the registry can reach' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l federation -d 'Its professional federation (FEIMA, LESISS…)' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l use -d 'A référentiel to declare against, ID or ID@VERSION; repeatable or comma-separated. charte-engagements is always kept [default: those that apply to the --kind and --service given; without them charte-engagements, ins, identification-electronique, ssi]' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l kind -d 'A kind of product the organization publishes (lgc, dpi…), to propose the référentiels that apply to it; repeatable or comma-separated' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l service -d 'A service its products use (dmp, mssante, insi…), to propose the référentiels that apply to it; repeatable or comma-separated' -r
complete -c charte -n "__fish_charte_using_subcommand init" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand init" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand init" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand init" -s y -l yes -d 'Ask nothing: take the defaults for what the flags do not give'
complete -c charte -n "__fish_charte_using_subcommand init" -l force -d 'Replace an existing manifest'
complete -c charte -n "__fish_charte_using_subcommand init" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand init" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand init" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand init" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand init" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand init" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -f -a "add" -d 'Add a product'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -f -a "list" -d 'List the products and how many declarations each has'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -f -a "set" -d 'Change a product\'s name, version, kind, services or profiles'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -f -a "remove" -d 'Remove a product'
complete -c charte -n "__fish_charte_using_subcommand product; and not __fish_seen_subcommand_from add list set remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l name -d 'Its name, as customers know it' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l version -d 'The version the declarations are about' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l kind -d 'dpi, pfi, lgc, sgl, ris, drimbox, lgo, dui, mes-app or other' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l service -d 'A service it uses (dmp, mssante, insi, pro-sante-connect, e-prescription, apcv…); repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l profile -d 'A profile that switches on conditional requirements (centres-de-sante…); repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l force -d 'Keep a service or profile that no referential knows'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l name -d 'A new name' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l version -d 'A new version' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l kind -d 'A new kind' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l service -d 'The services, replacing the current ones; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l add-service -d 'Add a service; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l remove-service -d 'Remove a service; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l profile -d 'The profiles, replacing the current ones; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l add-profile -d 'Add a profile; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l remove-profile -d 'Remove a profile; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l reattest -d 'Attest the product\'s declarations again: set their `declared` date to the evaluation date (with --version, once the new version is checked)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l force -d 'Keep a service or profile that no referential knows'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l with-declarations -d 'Remove its declarations too'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a product'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the products and how many declarations each has'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a product\'s name, version, kind, services or profiles'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a product'
complete -c charte -n "__fish_charte_using_subcommand product; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand declare" -l status -d 'conform, partial, non-conform, planned or not-applicable' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l justification -d 'Why: required for partial, non-conform and not-applicable' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l due -d 'When the work will be delivered (YYYY-MM-DD): required for planned' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l evidence -d 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l proof -d 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l date -d 'When the evidence given here was produced [default: the evaluation date]' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand declare" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand declare" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand declare" -l clear-evidence -d 'Drop the evidence already declared before adding the one given'
complete -c charte -n "__fish_charte_using_subcommand declare" -l force -d 'Declare even requirements that do not apply (check then warns: not-applicable-declared)'
complete -c charte -n "__fish_charte_using_subcommand declare" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand declare" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand declare" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand declare" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand declare" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand declare" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand declare" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand commit" -l status -d 'conform, partial, non-conform, planned or not-applicable' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l justification -d 'Why: required for partial, non-conform and not-applicable' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l due -d 'When the work will be delivered (YYYY-MM-DD): required for planned' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l evidence -d 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l proof -d 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l date -d 'When the evidence given here was produced [default: the evaluation date]' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand commit" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand commit" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand commit" -l clear-evidence -d 'Drop the evidence already declared before adding the one given'
complete -c charte -n "__fish_charte_using_subcommand commit" -l force -d 'Declare even requirements that do not apply (check then warns: not-applicable-declared)'
complete -c charte -n "__fish_charte_using_subcommand commit" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand commit" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand commit" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand commit" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand commit" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand commit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand commit" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand import" -l format -d 'The file\'s format [default: jsonl for .jsonl and .ndjson files, csv otherwise]' -r -f -a "csv\t'Comma-separated values, with a header line'
jsonl\t'One JSON object per line'"
complete -c charte -n "__fish_charte_using_subcommand import" -l output-format -d 'How --dry-run says what would change' -r -f -a "table\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand import" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand import" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand import" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand import" -l dry-run -d 'Check every row and say, field by field, what would change; write nothing'
complete -c charte -n "__fish_charte_using_subcommand import" -l replace -d 'Make each row the whole declaration: fields without a column are cleared'
complete -c charte -n "__fish_charte_using_subcommand import" -l force -d 'Accept rows for requirements that do not apply to their product'
complete -c charte -n "__fish_charte_using_subcommand import" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand import" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand import" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand import" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand import" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand import" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand export" -l format -d 'Output format' -r -f -a "csv\t'Comma-separated values, with a header line'
jsonl\t'One JSON object per line'
oscal\t'An OSCAL 1.1.2 component definition, for GRC tools (not read by import)'"
complete -c charte -n "__fish_charte_using_subcommand export" -l product -d 'Only this product\'s declarations (no commitments); repeatable' -r
complete -c charte -n "__fish_charte_using_subcommand export" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand export" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand export" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand export" -l missing -d 'The applicable requirements without a declaration, to fill in and import'
complete -c charte -n "__fish_charte_using_subcommand export" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand export" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand export" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand export" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand export" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand export" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -f -a "list" -d 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -f -a "show" -d 'Show a référentiel\'s requirements, with their proofs and conditions'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -f -a "import" -d 'Turn your copy of an official requirement file into référentiel documents'
complete -c charte -n "__fish_charte_using_subcommand referentials; and not __fish_seen_subcommand_from list show import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "table\t'For people'
json\t'The document as charte reads it, with its sha256 and origin'
oscal\t'An OSCAL 1.1.2 catalog: a group per section, a control per requirement'"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l format -d 'The file\'s format; guessed from its sheets, header or keys when absent' -r -f -a "csv\t'charte\'s own flat layout (docs/import.md)'
rem\t'a REM annex, sheet `Exigences`'
squash\t'the ANS Squash requirement export, sheet `REQUIREMENT`'
ciso-assistant\t'a CISO Assistant framework library (YAML)'
oscal\t'an OSCAL catalog (JSON)'
convergence\t'the Convergence export, sheet `Exigences`'
iteration\t'an iteration sheet with the old and new wording'"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l into -d 'A catalogue folder to write the documents and index.json into' -r -F
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l id -d 'The référentiel id to give the document (one referential only)' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l version -d 'The version to give the document (one referential only)' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l project -d 'Import only this project, REM or framework (name or id; repeatable)' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l status -d 'Keep requirements of this status (repeatable; default: approved only; obsolete ones never)' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l dry-run -d 'Say what would be written, and write nothing'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l yes -d 'Inside a project, add the --into folder to [referentials] index without asking'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a référentiel\'s requirements, with their proofs and conditions'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from help" -f -a "import" -d 'Turn your copy of an official requirement file into référentiel documents'
complete -c charte -n "__fish_charte_using_subcommand referentials; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -f -a "index" -d '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -f -a "verify" -d 'Check that every entry of a catalogue\'s index is there, parses and matches its sha256'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -f -a "sign" -d 'Sign a catalogue\'s index.json, for manifests that name its key'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and not __fish_seen_subcommand_from index verify sign help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from index" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l key -d 'The minisign secret key' -r -F
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from sign" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from help" -f -a "index" -d '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that every entry of a catalogue\'s index is there, parses and matches its sha256'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from help" -f -a "sign" -d 'Sign a catalogue\'s index.json, for manifests that name its key'
complete -c charte -n "__fish_charte_using_subcommand catalogue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand fetch" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand fetch" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand fetch" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand fetch" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand fetch" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand fetch" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand fetch" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand fetch" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand update" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand update" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand update" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand update" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand update" -l dry-run -d 'Show the impact, but leave charte.lock as it is'
complete -c charte -n "__fish_charte_using_subcommand update" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand update" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand update" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand update" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand update" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand update" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -f -a "add" -d 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo\'s)'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -f -a "remove" -d 'Stop using référentiels'
complete -c charte -n "__fish_charte_using_subcommand use; and not __fish_seen_subcommand_from add remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l from -d 'The catalogue of [referentials] index they come from, as written there (`embedded`, a folder, an index URL): needed when several offer one' -r
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l force -d 'Remove them even though declarations or commitments still name them'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from help" -f -a "add" -d 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo\'s)'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Stop using référentiels'
complete -c charte -n "__fish_charte_using_subcommand use; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand check" -s p -l product -d 'Only this product (repeatable); the organization\'s commitments are always checked' -r
complete -c charte -n "__fish_charte_using_subcommand check" -l format -d 'Output format on stdout' -r -f -a "table\t'Tables for people (the default)'
json\t'The JSON report of the contract, for scripts'
sarif\t'SARIF 2.1.0, for code scanning (findings located in charte.toml)'
junit\t'JUnit XML, for test reports: one suite per product, one case per requirement'
markdown\t'Markdown, for a pull-request comment or a CI job summary'
oscal\t'OSCAL 1.1.2 assessment results, for auditors and GRC tools'"
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
lock-out-of-date\t'charte.lock does not match `[referentials] use`'
evidence-future-date\t'an evidence date or a declared date after the evaluation date'
unknown-service\t'a product names a service or profile that no referential knows'
referential-not-in-use\t'a referential of the catalogue would apply to a product but is not in `use`'"
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
lock-out-of-date\t'charte.lock does not match `[referentials] use`'
evidence-future-date\t'an evidence date or a declared date after the evaluation date'
unknown-service\t'a product names a service or profile that no referential knows'
referential-not-in-use\t'a referential of the catalogue would apply to a product but is not in `use`'"
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
lock-out-of-date\t'charte.lock does not match `[referentials] use`'
evidence-future-date\t'an evidence date or a declared date after the evaluation date'
unknown-service\t'a product names a service or profile that no referential knows'
referential-not-in-use\t'a referential of the catalogue would apply to a product but is not in `use`'"
complete -c charte -n "__fish_charte_using_subcommand check" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand check" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand check" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand check" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand check" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand check" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand check" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand check" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand check" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l within -d 'How far ahead to look: days (180d), weeks (26w), calendar months (6m) or years (1y)' -r
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
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand upcoming" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
complete -c charte -n "__fish_charte_using_subcommand report" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand report" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand report" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
complete -c charte -n "__fish_charte_using_subcommand badge" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand badge" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand badge" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand badge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand badge" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand login" -l registry -d 'The registry\'s address [default: [registry] url of charte.toml]' -r
complete -c charte -n "__fish_charte_using_subcommand login" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand login" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand login" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand login" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand login" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand login" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand login" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand login" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand login" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand logout" -l registry -d 'The registry\'s address [default: [registry] url of charte.toml]' -r
complete -c charte -n "__fish_charte_using_subcommand logout" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand logout" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand logout" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand logout" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand logout" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand logout" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand logout" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand logout" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand logout" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand submit" -s p -l product -d 'Only this product (repeatable)' -r
complete -c charte -n "__fish_charte_using_subcommand submit" -l registry -d 'The registry\'s address [default: [registry] url of charte.toml]' -r
complete -c charte -n "__fish_charte_using_subcommand submit" -l withdraw -d 'Withdraw this product from the registry instead of sending declarations' -r
complete -c charte -n "__fish_charte_using_subcommand submit" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand submit" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand submit" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand submit" -l dry-run -d 'Have the registry validate the documents, storing nothing (with --offline: print them)'
complete -c charte -n "__fish_charte_using_subcommand submit" -s y -l yes -d 'Withdraw without asking for confirmation'
complete -c charte -n "__fish_charte_using_subcommand submit" -l public -d 'List the organization in the registry\'s public directory'
complete -c charte -n "__fish_charte_using_subcommand submit" -l private -d 'Remove the organization from the registry\'s public directory'
complete -c charte -n "__fish_charte_using_subcommand submit" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand submit" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand submit" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand submit" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand submit" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand submit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand submit" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand status" -l registry -d 'The registry\'s address [default: [registry] url of charte.toml]' -r
complete -c charte -n "__fish_charte_using_subcommand status" -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand status" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand status" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand status" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand status" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand status" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand status" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand status" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand status" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand status" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand verify" -l registry -d 'The registry\'s address [default: [registry] url of charte.toml]' -r
complete -c charte -n "__fish_charte_using_subcommand verify" -l format -d 'Output format' -r -f -a "human\t''
json\t''"
complete -c charte -n "__fish_charte_using_subcommand verify" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand verify" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand verify" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand verify" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand verify" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand verify" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand verify" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand verify" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand verify" -s V -l version -d 'Print version'
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
complete -c charte -n "__fish_charte_using_subcommand explain" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand explain" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand explain" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand explain" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand completions" -l manifest -d 'Path to charte.toml [default: searched in the current folder and its parents]' -r -F
complete -c charte -n "__fish_charte_using_subcommand completions" -l color -d 'When to use colours' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set'
always\t''
never\t''"
complete -c charte -n "__fish_charte_using_subcommand completions" -l today -d 'Evaluation date, YYYY-MM-DD [default: today, UTC]' -r
complete -c charte -n "__fish_charte_using_subcommand completions" -s q -l quiet -d 'Print only errors'
complete -c charte -n "__fish_charte_using_subcommand completions" -s v -l verbose -d 'Say more about what is done (on stderr)'
complete -c charte -n "__fish_charte_using_subcommand completions" -l offline -d 'Never use the network: referentials come from the embedded catalogue and the cache'
complete -c charte -n "__fish_charte_using_subcommand completions" -l locked -d 'Fail instead of writing or changing charte.lock'
complete -c charte -n "__fish_charte_using_subcommand completions" -l frozen -d 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
complete -c charte -n "__fish_charte_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c charte -n "__fish_charte_using_subcommand completions" -s V -l version -d 'Print version'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "init" -d 'Create charte.toml for your organization'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "product" -d 'Add, list, change or remove products'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "declare" -d 'Create or update a product\'s declaration of a requirement'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "commit" -d 'Create or update a commitment: the organization\'s declaration of an organization-level requirement (the charter\'s engagements)'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "import" -d 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "export" -d 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "referentials" -d 'List the référentiels of the catalogue, show one\'s requirements, or import an official file into a catalogue folder'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "catalogue" -d 'Maintain a catalogue folder: its index, and checks of every document'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "fetch" -d 'Resolve the référentiels in use, download them, and write charte.lock'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "update" -d 'Move charte.lock to the newest versions `use` accepts, and show the impact'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "use" -d 'Add or remove référentiels of [referentials] use, and update charte.lock'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "check" -d 'Check the declarations against the référentiels in use'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "upcoming" -d 'List the dated obligations ahead: what becomes effective, what falls due'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "report" -d 'Write the organization\'s public conformity statement'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "badge" -d 'Write an SVG badge with a product\'s conformity rate'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "login" -d 'Store the token of a registry, for `charte submit` and `charte status`'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "logout" -d 'Remove the stored token of a registry'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "submit" -d 'Send the declarations to the registry'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "status" -d 'Show what the registry holds, and whether your declarations changed since'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "verify" -d 'Check that the registry logged your receipts, and never rewrote its log'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "explain" -d 'Explain a finding code: what it means, its default severity, how to fix it'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "completions" -d 'Print shell completions for charte'
complete -c charte -n "__fish_charte_using_subcommand help; and not __fish_seen_subcommand_from init product declare commit import export referentials catalogue fetch update use check upcoming report badge login logout submit status verify explain completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from product" -f -a "add" -d 'Add a product'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from product" -f -a "list" -d 'List the products and how many declarations each has'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from product" -f -a "set" -d 'Change a product\'s name, version, kind, services or profiles'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from product" -f -a "remove" -d 'Remove a product'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from referentials" -f -a "list" -d 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from referentials" -f -a "show" -d 'Show a référentiel\'s requirements, with their proofs and conditions'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from referentials" -f -a "import" -d 'Turn your copy of an official requirement file into référentiel documents'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from catalogue" -f -a "index" -d '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from catalogue" -f -a "verify" -d 'Check that every entry of a catalogue\'s index is there, parses and matches its sha256'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from catalogue" -f -a "sign" -d 'Sign a catalogue\'s index.json, for manifests that name its key'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from use" -f -a "add" -d 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo\'s)'
complete -c charte -n "__fish_charte_using_subcommand help; and __fish_seen_subcommand_from use" -f -a "remove" -d 'Stop using référentiels'
