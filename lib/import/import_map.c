/* import_map.c - spreadsheet columns to lead fields: header aliases, cell values as input */
#include "import/import_map.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "import/import_cell.h"
#include "model/tables.h"

/* THE table of what an import accepts: per lead field its label, the header spellings it
 * recognises (the first is the one a template uses) and a note on its values. Headers are
 * compared normalised (normalise: case, spaces, '-', '_', '.' and dashes ignored), so "E-mail"
 * and "email" are one spelling to the reader but two to a person reading the list. The columns
 * route shows this table as it is. */
static const struct import_field_spec specs[] = {
    {"email", "E-mail", {"Email", "E-mail", "Email address", "Work email"}, NULL},
    {"firstName", "First name", {"First name", "Firstname", "Given name"}, NULL},
    {"lastName", "Last name", {"Last name", "Surname", "Family name"}, NULL},
    {"company", "Company", {"Company", "Company name", "Organization", "Organisation"}, NULL},
    {"phone", "Phone", {"Phone", "Phone number", "Tel", "Telephone"}, NULL},
    {"jobTitle", "Job title", {"Job title", "Title", "Position"}, NULL},
    {"country", "Country", {"Country"}, NULL},
    {"industry", "Industry", {"Industry"}, NULL},
    {"companySize", "Company size", {"Company size", "Employees", "Size"}, NULL},
    {"meetingType", "Meeting type", {"Meeting type"}, NULL},
    {"salesManager", "Sales manager", {"Sales manager", "Owner", "SDR"}, NULL},
    {"partner",
     "Partner",
     {"Partner", "Partner ID", "Partner slug"},
     "a partner's id or slug (staff only: a partner admin's rows go to their own partner)"},
    {"dealStatus",
     "Deal status",
     {"Deal status", "Status"},
     "a value like in_touch or a label like \"In Touch\" or \"Lost – No Show\""},
};

/* lower-case ASCII, without spaces, '-', '_', '.', en and em dashes; false when too long */
static bool
normalise(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xe2 && i + 2 < len && s[i + 1] == '\x80'
            && (s[i + 2] == '\x93' || s[i + 2] == '\x94')) {
            i += 2;
            continue;
        }
        if (isspace(c) || c == '-' || c == '_' || c == '.')
            continue;
        if (n + 1 >= cap)
            return false;
        out[n++] = (char)tolower(c);
    }
    out[n] = '\0';
    return true;
}

const struct import_field_spec *
import_field_specs(size_t *n)
{
    *n = sizeof(specs) / sizeof(specs[0]);
    return specs;
}

const char *
import_alias_field(const char *header, size_t len)
{
    char key[64], alias[64];

    if (!normalise(header, len, key, sizeof(key)))
        return NULL;
    for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
        for (size_t j = 0; j < IMPORT_SPELLINGS_MAX && specs[i].headers[j] != NULL; j++)
            if (normalise(specs[i].headers[j], strlen(specs[i].headers[j]), alias, sizeof(alias))
                && strcmp(alias, key) == 0)
                return specs[i].field;
    return NULL;
}

const char *
import_status_value(const char *text)
{
    char key[64], value[64];

    if (!normalise(text, strlen(text), key, sizeof(key)))
        return NULL;
    for (int i = 0; lead_statuses[i] != NULL; i++) {
        normalise(lead_statuses[i], strlen(lead_statuses[i]), value, sizeof(value));
        if (strcmp(key, value) == 0)
            return lead_statuses[i];
    }
    return NULL;
}

/* the required fields of m that no column fills, named in err */
static bool
check_required(const struct model *m, const struct import_columns *cols, struct err *err)
{
    bool ok = true;

    for (size_t f = 0; f < m->nfields; f++) {
        bool found = !(m->fields[f].flags & FIELD_REQUIRED);
        for (size_t c = 0; c < cols->n && !found; c++)
            found = cols->cols[c].field == &m->fields[f];
        if (!found) {
            err_detail(err, "file", "has no column for %s (see the accepted headers)",
                       m->fields[f].json);
            ok = false;
        }
    }
    return ok || err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
}

/* one header cell: its field, unless an earlier column fills that field already */
static void
map_column(const struct model *m, struct import_columns *cols, size_t i, const char *text,
           size_t len)
{
    struct import_column *col = &cols->cols[i];
    const char *name;

    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    while (len > 0 && isspace((unsigned char)*text))
        text++, len--;
    snprintf(col->header, sizeof(col->header), "%.*s",
             (int)import_text_fit(text, len, sizeof(col->header), sizeof(col->header) - 1), text);
    name = import_alias_field(text, len);
    col->field = name ? model_find_field(m, name) : NULL;
    for (size_t j = 0; j < i && col->field != NULL; j++) {
        if (cols->cols[j].field == col->field) {
            col->repeat = col->field;
            col->field = NULL;
        }
    }
    if (col->field != NULL && strcmp(col->field->json, "partner") == 0)
        cols->has_partner = true;
}

bool
import_map_header(const struct model *m, const struct import_row *header,
                  struct import_columns *cols, struct err *err)
{
    memset(cols, 0, sizeof(*cols));
    if (header->too_wide) {
        err_detail(err, "file", "has more than %d columns", IMPORT_MAX_COLUMNS);
        return err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
    }
    for (size_t i = 0; i < header->ncells; i++) {
        const struct import_cell *cell = &header->cells[i];
        if (utf8_check(cell->text, cell->len, NULL) != UTF8_OK) {
            err_detail(err, "file", "has a header row that is not UTF-8 text (column %zu)", i + 1);
            return err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
        }
        map_column(m, cols, i, cell->text, cell->len);
    }
    cols->n = header->ncells;
    return check_required(m, cols, err);
}

/* a cell's value for field f as text into buf (NULL when the cell adds nothing) */
static const char *
cell_value(const struct field *f, const struct import_cell *cell, char *buf, size_t cap,
           size_t *len)
{
    const char *s = cell->text;
    size_t n = cell->len;

    if (f->type == FT_DATE && (cell->kind == CELL_NUMBER || cell->kind == CELL_DATE)
        && import_serial_date(cell->number, buf, cap)) {
        *len = strlen(buf);
        return buf;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    *len = n;
    if (n == 0)
        return NULL;
    if (strcmp(f->json, "dealStatus") == 0 && n < cap) {
        snprintf(buf, cap, "%.*s", (int)n, s);
        const char *status = import_status_value(buf);
        if (status != NULL) {
            *len = strlen(status);
            return status;
        }
    }
    return s;
}

json_object *
import_map_row(const struct import_columns *cols, const struct import_row *row, struct err *err,
               bool *bad)
{
    json_object *out = json_object_new_object();
    char buf[64];
    size_t len;

    *bad = false;
    for (size_t i = 0; i < row->ncells && i < cols->n; i++) {
        const struct field *f = cols->cols[i].field;
        const char *v = f ? cell_value(f, &row->cells[i], buf, sizeof(buf), &len) : NULL;
        if (v == NULL)
            continue;
        if (utf8_check(v, len, NULL) != UTF8_OK) {
            err_detail(err, f->json, "is not valid UTF-8 text");
            *bad = true;
            continue;
        }
        json_object_object_add(out, f->json, json_object_new_string_len(v, (int)len));
    }
    return out;
}
