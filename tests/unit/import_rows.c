/* import_rows.c - see import_rows.h */
#include "import_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
add(char **buf, size_t *len, const char *s, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

bool
rows_collect(void *ctx, const struct import_row *row)
{
    static const char *const tags[] = {"", "", "n:", "d:", "b:"};
    struct rows *r = ctx;
    char head[64], *buf = NULL;
    size_t len = 0;

    if (r->list == NULL)
        r->list = json_object_new_array();
    snprintf(head, sizeof(head), "%ld%s", row->number, row->problem ? "! " : ":");
    add(&buf, &len, head, strlen(head));
    if (row->problem)
        add(&buf, &len, row->problem, strlen(row->problem));
    for (size_t i = 0; i < row->ncells; i++) {
        add(&buf, &len, i ? "|" : " ", 1);
        add(&buf, &len, tags[row->cells[i].kind], strlen(tags[row->cells[i].kind]));
        add(&buf, &len, row->cells[i].text, row->cells[i].len);
    }
    if (row->too_wide)
        add(&buf, &len, " (too wide)", 11);
    json_object_array_add(r->list, json_object_new_string_len(buf, (int)len));
    free(buf);
    return r->stop_after == 0 || (int)json_object_array_length(r->list) < r->stop_after;
}

const char *
rows_text(struct rows *r)
{
    static char out[65536];
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; r->list != NULL && i < json_object_array_length(r->list); i++)
        used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s", i ? "\n" : "",
                                 json_object_get_string(json_object_array_get_idx(r->list, i)));
    return out;
}

void
rows_free(struct rows *r)
{
    json_object_put(r->list);
    r->list = NULL;
}
