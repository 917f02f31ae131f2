#!/usr/bin/env bash
# Adds the repository's example and test files to the fuzz corpus, each in
# the input layout of its target (see docs/fuzzing.md): a selector byte
# before the file where the target has one. Run it after adding examples
# or test data, then minimise (fuzz/run.sh --cmin) and commit the corpus.
# Idempotent: a seed's name is derived from its source.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus

# seed TARGET SELECTOR FILE: the selector (a byte given as a printf escape,
# or "" for none) followed by FILE's bytes.
seed() {
    local target=$1 selector=$2 file=$3
    local name
    name="seed-$(printf '%s' "$file" | tr -c 'A-Za-z0-9._-' '_')"
    mkdir -p "$corpus/$target"
    { printf "$selector"; cat "$file"; } > "$corpus/$target/$name"
}

# seed_text TARGET NAME TEXT: a seed from a string.
seed_text() {
    local target=$1 name=$2 text=$3
    mkdir -p "$corpus/$target"
    printf '%s' "$text" > "$corpus/$target/seed-$name"
}

# The bids target's selector: the byte b with b % 18 = 2 * tender + format
# (format 0 CSV, 1 JSON), chosen printable (from '0', 48 = 2 * 18 + 12).
bids_selector() {
    local tender=$1 format=$2
    local want=$((2 * tender + format))
    local byte=$((36 + want))
    [ "$byte" -lt 48 ] && byte=$((byte + 18))
    printf '\\%03o' "$byte"
}

tender_data=crates/b2b-tender/tests/data/input

# tender_file: '0' TOML, '1' JSON.
for f in examples/*/tender*.toml "$tender_data"/tender/*.toml "$tender_data"/bids_*/tender.toml; do
    seed tender_file 0 "$f"
done
for f in "$tender_data"/tender/*.json; do
    seed tender_file 1 "$f"
done

# bids: the tender by its index in crates/b2b-fuzz-targets/src/tender.rs.
for tender in 0 1 2 3; do
    seed bids "$(bids_selector "$tender" 0)" examples/office-laptops/bids.csv
done
seed bids "$(bids_selector 4 0)" examples/forklift-lcc/bids.csv
seed bids "$(bids_selector 5 0)" examples/prozorro-features/bids.csv
for pair in 6:bids_bpq 7:bids_lcc 8:bids_pf; do
    tender=${pair%%:*}
    for f in "$tender_data/${pair#*:}"/*.csv; do
        seed bids "$(bids_selector "$tender" 0)" "$f"
    done
    for f in "$tender_data/${pair#*:}"/*.json; do
        seed bids "$(bids_selector "$tender" 1)" "$f"
    done
done

# evaluate: bytes, not files; the first byte is the award model (mod 6).
# The rest is 400 bytes of a fixed pseudo-random sequence, so that every
# draw of the case has bytes to mutate.
mkdir -p "$corpus/evaluate"
for award in 0 1 2 3 4 5; do
    LC_ALL=C awk -v award="$award" 'BEGIN {
        printf "%c", award
        x = award * 7919 + 1
        for (i = 0; i < 400; i++) {
            x = (x * 1103515245 + 12345) % 2147483648
            printf "%c", int(x / 65536) % 256
        }
    }' > "$corpus/evaluate/seed-award-$award"
done

# payment_terms: the notations of the test data (left of " => ").
terms_data=crates/b2b-terms/tests/data/payment
n=0
for f in "$terms_data"/notations.txt "$terms_data"/errors.txt "$terms_data"/rates.txt; do
    while IFS= read -r line; do
        case "$line" in '#'* | '') continue ;; esac
        n=$((n + 1))
        seed_text payment_terms "notation-$n" "${line%% => *}"
    done < "$f"
done

# contract: '0' TOML, '1' JSON.
for f in examples/contracts/*.toml crates/b2b-terms/tests/data/contract/*.toml \
    crates/b2b-terms/tests/data/contract/bad/*.toml; do
    seed contract 0 "$f"
done
for f in crates/b2b-terms/tests/data/contract/bad/*.json; do
    seed contract 1 "$f"
done

# calendar: holiday lists.
for f in examples/calendars/*.txt crates/b2b-terms/tests/data/calendar/*.txt; do
    seed calendar "" "$f"
done

# cost_lines: '0' CSV, '1' TOML.
for f in examples/incoterms/*.csv crates/b2b-terms/tests/data/incoterms/*.csv; do
    seed cost_lines 0 "$f"
done
for f in examples/incoterms/*.toml; do
    seed cost_lines 1 "$f"
done

# sales: '0' TOML, '1' JSON lines, '2' JSON.
for f in examples/sales/*.toml; do seed sales 0 "$f"; done
for f in examples/sales/*.jsonl; do seed sales 1 "$f"; done
for f in examples/sales/*.json; do seed sales 2 "$f"; done

# rule_set: the shipped sets, a user's set and the bad ones.
for f in crates/b2b-classify/rules/*.toml crates/b2b-classify/tests/data/custom-rules.toml \
    crates/b2b-classify/tests/data/bad-rules/*.toml; do
    seed rule_set "" "$f"
done

# center_policy: '0' a center, '1' a policy.
seed center_policy 0 examples/buying/center.toml
seed center_policy 1 examples/buying/policy.toml

# identifiers: the test data's inputs (second column); every 8th VAT number.
ident_data=crates/b2b-ident/tests/data
n=0
for f in "$ident_data"/stdnum_*.tsv; do
    step=1
    case "$f" in *stdnum_vat.tsv) step=8 ;; esac
    i=0
    while IFS=$'\t' read -r _ input; do
        case "$input" in '') continue ;; esac
        i=$((i + 1))
        [ $((i % step)) -eq 0 ] || continue
        n=$((n + 1))
        seed_text identifiers "id-$n" "$input"
    done < <(grep -v '^#' "$f")
done
seed_text identifiers "country-se" $'SE\t556043-6064'
seed_text identifiers "country-no" $'NO\t974760673'
seed_text identifiers "country-gr" $'GR\t094259216'

# rates: reference-rate tables, the user's example and the shipped one.
for f in examples/rates/*.toml crates/b2b-terms/data/reference-rates.toml; do
    seed rates "" "$f"
done

# sla_history: a service's past months.
seed_text sla_history "months" $'month,charge,credit\n2026-09,1250.00,0\n2026-10,1250.00,125.00\n'

# team_files: '0' an account map, '1' a scenario, '2' grades, '3' evaluators.
for f in examples/buying-team/account-map.toml; do seed team_files 0 "$f"; done
for f in examples/buying/*.toml; do
    case "$f" in */center.toml | */policy.toml) continue ;; esac
    seed team_files 1 "$f"
done
seed team_files 2 examples/buying-team/grades.csv
seed team_files 3 examples/buying-team/evaluators.csv

echo "seeded: $(find "$corpus" -type f | wc -l) files in $corpus"
