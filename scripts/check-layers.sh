#!/usr/bin/env bash
# check-layers.sh - make lint: lib/'s layers include only downwards, in this order (a layer may
# include its own folder and every folder to its left; queue and auth stand side by side):
#     core < model < db < http < app < queue, auth < mail < domain < import
# Every include of a project header names its layer ("db/store.h"), so the folder is the layer.
# Also: no two C files of the tree share a file name.
# Prints each offending include as file:line and exits 1 if there is one.
set -uo pipefail
cd "$(dirname "$0")/.."

rank() {
    case $1 in
    core) echo 0 ;; model) echo 1 ;; db) echo 2 ;; http) echo 3 ;; app.h | app.c | app) echo 4 ;;
    queue | auth) echo 5 ;; mail) echo 6 ;; domain) echo 7 ;; import) echo 8 ;; *) echo -1 ;;
    esac
}

bad=0
while IFS= read -r file; do
    rel=${file#lib/}
    self=$(rank "${rel%%/*}")
    while IFS=: read -r line target; do
        layer=${target%%/*}
        [ "$layer" = "$target" ] && layer=$target # app.h
        r=$(rank "$layer")
        if [ "$r" -lt 0 ]; then
            echo "$file:$line: \"$target\" names no layer of lib/ (write \"<layer>/$target\")"
            bad=1
        elif [ "$r" -gt "$self" ]; then
            echo "$file:$line: \"$target\" points up: ${rel%%/*} may not include ${layer%.h}"
            bad=1
        fi
    done < <(grep -n '^#[[:space:]]*include[[:space:]]*"' "$file" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done < <(find lib -name '*.[ch]' | sort)

# one name, one file: "leads.c:61" in a log line or a backtrace names one file of the tree
while read -r dup; do
    echo "$dup: the same file name stands in two places: $(find lib fcgi workers tests -name "$dup" -not -path '*/node_modules/*' | tr '\n' ' ')"
    bad=1
done < <(find lib fcgi workers tests -name '*.[ch]' -not -path '*/node_modules/*' -printf '%f\n' | sort | uniq -d)
exit $bad
