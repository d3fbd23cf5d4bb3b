
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create charte.toml for your organization'
            cand product 'Add, list, change or remove products'
            cand declare 'Create or update a product''s declaration of a requirement'
            cand commit 'Create or update a commitment: the organization''s declaration of an organization-level requirement (the charter''s engagements)'
            cand import 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing'
            cand export 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing'
            cand referentials 'List the référentiels of the catalogue, show one''s requirements, or import an official file into a catalogue folder'
            cand catalogue 'Maintain a catalogue folder: its index, and checks of every document'
            cand fetch 'Resolve the référentiels in use, download them, and write charte.lock'
            cand update 'Move charte.lock to the newest versions `use` accepts, and show the impact'
            cand use 'Add or remove référentiels of [referentials] use, and update charte.lock'
            cand check 'Check the declarations against the référentiels in use'
            cand upcoming 'List the dated obligations ahead: what becomes effective, what falls due'
            cand report 'Write the organization''s public conformity statement'
            cand badge 'Write an SVG badge with a product''s conformity rate'
            cand login 'Store the token of a registry, for `charte submit` and `charte status`'
            cand logout 'Remove the stored token of a registry'
            cand submit 'Send the declarations to the registry'
            cand status 'Show what the registry holds, and whether your declarations changed since'
            cand verify 'Check that the registry logged your receipts, and never rewrote its log'
            cand explain 'Explain a finding code: what it means, its default severity, how to fix it'
            cand completions 'Print shell completions for charte'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;init'= {
            cand --name 'The organization''s name'
            cand --siren 'Its SIREN: 9 digits'
            cand --contact 'An e-mail address ANS and the registry can reach'
            cand --federation 'Its professional federation (FEIMA, LESISS…)'
            cand --use 'A référentiel to declare against, ID or ID@VERSION; repeatable or comma-separated. charte-engagements is always kept [default: those that apply to the --kind and --service given; without them charte-engagements, ins, identification-electronique, ssi]'
            cand --kind 'A kind of product the organization publishes (lgc, dpi…), to propose the référentiels that apply to it; repeatable or comma-separated'
            cand --service 'A service its products use (dmp, mssante, insi…), to propose the référentiels that apply to it; repeatable or comma-separated'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -y 'Ask nothing: take the defaults for what the flags do not give'
            cand --yes 'Ask nothing: take the defaults for what the flags do not give'
            cand --force 'Replace an existing manifest'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;product'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a product'
            cand list 'List the products and how many declarations each has'
            cand set 'Change a product''s name, version, kind, services or profiles'
            cand remove 'Remove a product'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;product;add'= {
            cand --name 'Its name, as customers know it'
            cand --version 'The version the declarations are about'
            cand --kind 'dpi, pfi, lgc, sgl, ris, drimbox, lgo, dui, mes-app or other'
            cand --service 'A service it uses (dmp, mssante, insi, pro-sante-connect, e-prescription, apcv…); repeatable'
            cand --profile 'A profile that switches on conditional requirements (centres-de-sante…); repeatable'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --force 'Keep a service or profile that no referential knows'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'charte;product;list'= {
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;product;set'= {
            cand --name 'A new name'
            cand --version 'A new version'
            cand --kind 'A new kind'
            cand --service 'The services, replacing the current ones; repeatable'
            cand --add-service 'Add a service; repeatable'
            cand --remove-service 'Remove a service; repeatable'
            cand --profile 'The profiles, replacing the current ones; repeatable'
            cand --add-profile 'Add a profile; repeatable'
            cand --remove-profile 'Remove a profile; repeatable'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --reattest 'Attest the product''s declarations again: set their `declared` date to the evaluation date (with --version, once the new version is checked)'
            cand --force 'Keep a service or profile that no referential knows'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'charte;product;remove'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --with-declarations 'Remove its declarations too'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;product;help'= {
            cand add 'Add a product'
            cand list 'List the products and how many declarations each has'
            cand set 'Change a product''s name, version, kind, services or profiles'
            cand remove 'Remove a product'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;product;help;add'= {
        }
        &'charte;product;help;list'= {
        }
        &'charte;product;help;set'= {
        }
        &'charte;product;help;remove'= {
        }
        &'charte;product;help;help'= {
        }
        &'charte;declare'= {
            cand --status 'conform, partial, non-conform, planned or not-applicable'
            cand --justification 'Why: required for partial, non-conform and not-applicable'
            cand --due 'When the work will be delivered (YYYY-MM-DD): required for planned'
            cand --evidence 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable'
            cand --proof 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable'
            cand --date 'When the evidence given here was produced [default: the evaluation date]'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --clear-evidence 'Drop the evidence already declared before adding the one given'
            cand --force 'Declare even requirements that do not apply (check then warns: not-applicable-declared)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;commit'= {
            cand --status 'conform, partial, non-conform, planned or not-applicable'
            cand --justification 'Why: required for partial, non-conform and not-applicable'
            cand --due 'When the work will be delivered (YYYY-MM-DD): required for planned'
            cand --evidence 'Evidence: url:https://…, path:FILE (its sha256 is stored) or ref:TEXT; repeatable'
            cand --proof 'A proof the requirement asks for, as ID=REF (ID=url:… and ID=path:… also work); repeatable'
            cand --date 'When the evidence given here was produced [default: the evaluation date]'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --clear-evidence 'Drop the evidence already declared before adding the one given'
            cand --force 'Declare even requirements that do not apply (check then warns: not-applicable-declared)'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;import'= {
            cand --format 'The file''s format [default: jsonl for .jsonl and .ndjson files, csv otherwise]'
            cand --output-format 'How --dry-run says what would change'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --dry-run 'Check every row and say, field by field, what would change; write nothing'
            cand --replace 'Make each row the whole declaration: fields without a column are cleared'
            cand --force 'Accept rows for requirements that do not apply to their product'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;export'= {
            cand --format 'Output format'
            cand --product 'Only this product''s declarations (no commitments); repeatable'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --missing 'The applicable requirements without a declaration, to fill in and import'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;referentials'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
            cand show 'Show a référentiel''s requirements, with their proofs and conditions'
            cand import 'Turn your copy of an official requirement file into référentiel documents'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;referentials;list'= {
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;referentials;show'= {
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;referentials;import'= {
            cand --format 'The file''s format; guessed from its sheets, header or keys when absent'
            cand --into 'A catalogue folder to write the documents and index.json into'
            cand --id 'The référentiel id to give the document (one referential only)'
            cand --version 'The version to give the document (one referential only)'
            cand --project 'Import only this project, REM or framework (name or id; repeatable)'
            cand --status 'Keep requirements of this status (repeatable; default: approved only; obsolete ones never)'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --dry-run 'Say what would be written, and write nothing'
            cand --yes 'Inside a project, add the --into folder to [referentials] index without asking'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'charte;referentials;help'= {
            cand list 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
            cand show 'Show a référentiel''s requirements, with their proofs and conditions'
            cand import 'Turn your copy of an official requirement file into référentiel documents'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;referentials;help;list'= {
        }
        &'charte;referentials;help;show'= {
        }
        &'charte;referentials;help;import'= {
        }
        &'charte;referentials;help;help'= {
        }
        &'charte;catalogue'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand index '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
            cand verify 'Check that every entry of a catalogue''s index is there, parses and matches its sha256'
            cand sign 'Sign a catalogue''s index.json, for manifests that name its key'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;catalogue;index'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;catalogue;verify'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;catalogue;sign'= {
            cand --key 'The minisign secret key'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;catalogue;help'= {
            cand index '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
            cand verify 'Check that every entry of a catalogue''s index is there, parses and matches its sha256'
            cand sign 'Sign a catalogue''s index.json, for manifests that name its key'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;catalogue;help;index'= {
        }
        &'charte;catalogue;help;verify'= {
        }
        &'charte;catalogue;help;sign'= {
        }
        &'charte;catalogue;help;help'= {
        }
        &'charte;fetch'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;update'= {
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --dry-run 'Show the impact, but leave charte.lock as it is'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;use'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)'
            cand remove 'Stop using référentiels'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;use;add'= {
            cand --from 'The catalogue of [referentials] index they come from, as written there (`embedded`, a folder, an index URL): needed when several offer one'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;use;remove'= {
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --force 'Remove them even though declarations or commitments still name them'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;use;help'= {
            cand add 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)'
            cand remove 'Stop using référentiels'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;use;help;add'= {
        }
        &'charte;use;help;remove'= {
        }
        &'charte;use;help;help'= {
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;upcoming'= {
            cand --within 'How far ahead to look: days (180d), weeks (26w), calendar months (6m) or years (1y)'
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;login'= {
            cand --registry 'The registry''s address [default: [registry] url of charte.toml]'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;logout'= {
            cand --registry 'The registry''s address [default: [registry] url of charte.toml]'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;submit'= {
            cand -p 'Only this product (repeatable)'
            cand --product 'Only this product (repeatable)'
            cand --registry 'The registry''s address [default: [registry] url of charte.toml]'
            cand --withdraw 'Withdraw this product from the registry instead of sending declarations'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand --dry-run 'Have the registry validate the documents, storing nothing (with --offline: print them)'
            cand -y 'Withdraw without asking for confirmation'
            cand --yes 'Withdraw without asking for confirmation'
            cand --public 'List the organization in the registry''s public directory'
            cand --private 'Remove the organization from the registry''s public directory'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;status'= {
            cand --registry 'The registry''s address [default: [registry] url of charte.toml]'
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;verify'= {
            cand --registry 'The registry''s address [default: [registry] url of charte.toml]'
            cand --format 'Output format'
            cand --manifest 'Path to charte.toml [default: searched in the current folder and its parents]'
            cand --color 'When to use colours'
            cand --today 'Evaluation date, YYYY-MM-DD [default: today, UTC]'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Say more about what is done (on stderr)'
            cand --verbose 'Say more about what is done (on stderr)'
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
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
            cand --offline 'Never use the network: referentials come from the embedded catalogue and the cache'
            cand --locked 'Fail instead of writing or changing charte.lock'
            cand --frozen 'Both --locked and --offline: check exactly what charte.lock pins, with no network'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'charte;help'= {
            cand init 'Create charte.toml for your organization'
            cand product 'Add, list, change or remove products'
            cand declare 'Create or update a product''s declaration of a requirement'
            cand commit 'Create or update a commitment: the organization''s declaration of an organization-level requirement (the charter''s engagements)'
            cand import 'Create or update many declarations and commitments from a CSV or JSONL file, all or nothing'
            cand export 'Write the commitments and declarations as CSV or JSONL, in the format `charte import` reads: `charte export | charte import -` changes nothing'
            cand referentials 'List the référentiels of the catalogue, show one''s requirements, or import an official file into a catalogue folder'
            cand catalogue 'Maintain a catalogue folder: its index, and checks of every document'
            cand fetch 'Resolve the référentiels in use, download them, and write charte.lock'
            cand update 'Move charte.lock to the newest versions `use` accepts, and show the impact'
            cand use 'Add or remove référentiels of [referentials] use, and update charte.lock'
            cand check 'Check the declarations against the référentiels in use'
            cand upcoming 'List the dated obligations ahead: what becomes effective, what falls due'
            cand report 'Write the organization''s public conformity statement'
            cand badge 'Write an SVG badge with a product''s conformity rate'
            cand login 'Store the token of a registry, for `charte submit` and `charte status`'
            cand logout 'Remove the stored token of a registry'
            cand submit 'Send the declarations to the registry'
            cand status 'Show what the registry holds, and whether your declarations changed since'
            cand verify 'Check that the registry logged your receipts, and never rewrote its log'
            cand explain 'Explain a finding code: what it means, its default severity, how to fix it'
            cand completions 'Print shell completions for charte'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'charte;help;init'= {
        }
        &'charte;help;product'= {
            cand add 'Add a product'
            cand list 'List the products and how many declarations each has'
            cand set 'Change a product''s name, version, kind, services or profiles'
            cand remove 'Remove a product'
        }
        &'charte;help;product;add'= {
        }
        &'charte;help;product;list'= {
        }
        &'charte;help;product;set'= {
        }
        &'charte;help;product;remove'= {
        }
        &'charte;help;declare'= {
        }
        &'charte;help;commit'= {
        }
        &'charte;help;import'= {
        }
        &'charte;help;export'= {
        }
        &'charte;help;referentials'= {
            cand list 'List the référentiels the catalogue offers, which are in use, and which version charte.lock pins'
            cand show 'Show a référentiel''s requirements, with their proofs and conditions'
            cand import 'Turn your copy of an official requirement file into référentiel documents'
        }
        &'charte;help;referentials;list'= {
        }
        &'charte;help;referentials;show'= {
        }
        &'charte;help;referentials;import'= {
        }
        &'charte;help;catalogue'= {
            cand index '(Re)write DIR/index.json from the documents DIR/<id>/<version>.toml, with their sha256'
            cand verify 'Check that every entry of a catalogue''s index is there, parses and matches its sha256'
            cand sign 'Sign a catalogue''s index.json, for manifests that name its key'
        }
        &'charte;help;catalogue;index'= {
        }
        &'charte;help;catalogue;verify'= {
        }
        &'charte;help;catalogue;sign'= {
        }
        &'charte;help;fetch'= {
        }
        &'charte;help;update'= {
        }
        &'charte;help;use'= {
            cand add 'Use référentiels: ID (its newest version) or ID@REQ (a semver requirement, as cargo''s)'
            cand remove 'Stop using référentiels'
        }
        &'charte;help;use;add'= {
        }
        &'charte;help;use;remove'= {
        }
        &'charte;help;check'= {
        }
        &'charte;help;upcoming'= {
        }
        &'charte;help;report'= {
        }
        &'charte;help;badge'= {
        }
        &'charte;help;login'= {
        }
        &'charte;help;logout'= {
        }
        &'charte;help;submit'= {
        }
        &'charte;help;status'= {
        }
        &'charte;help;verify'= {
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
