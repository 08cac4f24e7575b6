/* import_map.h - spreadsheet columns to lead fields: header aliases, cell values as input */
#ifndef PC_IMPORT_MAP_H
#define PC_IMPORT_MAP_H

#include <json-c/json.h>
#include <stdbool.h>

#include "core/err.h"
#include "import/import_table.h"
#include "model/model.h"

struct import_column {
    char header[128];           /* as in the file (cut to 127 bytes, whole characters) */
    const struct field *field;  /* the field it fills; NULL = ignored */
    const struct field *repeat; /* set when an earlier column already fills this field */
};

struct import_columns {
    size_t n;
    struct import_column cols[IMPORT_MAX_COLUMNS];
    bool has_partner; /* a column fills "partner" */
};

#define IMPORT_SPELLINGS_MAX 6

/* one lead field an import fills: its JSON name, a label for people, the header spellings that
 * map to it (headers[0] is the template's; NULL after the last) and a note on values or NULL */
struct import_field_spec {
    const char *field, *label;
    const char *headers[IMPORT_SPELLINGS_MAX];
    const char *note;
};

/* import_field_specs - the table the header mapping uses, in template order (static; *n set) */
const struct import_field_spec *import_field_specs(size_t *n);

/* import_alias_field - the JSON name of the field a header names (case, spaces, '-', '_' and
 * '.' ignored: "E-mail Address" -> "email"), NULL when none; the table is in docs/imports.md */
const char *import_alias_field(const char *header, size_t len);

/* import_map_header - the columns of header row against m (the field of each alias must exist
 * in m). validation_failed (detail "file") when the header is not UTF-8, is wider than
 * IMPORT_MAX_COLUMNS or has no column for a required field of m. */
bool import_map_header(const struct model *m, const struct import_row *header,
                       struct import_columns *cols, struct err *err);

/* import_status_value - a dealStatus as given in a file: a value ("in_touch") or its label
 * ("In Touch", "Lost - No Show", case and spacing free) -> the value; NULL when neither */
const char *import_status_value(const char *text);

/* import_map_row - the row as input for model_input: {field: value} for every non-empty cell of
 * a mapped column (trimmed; statuses by label; numbers in date fields as ISO dates). Cells that
 * are not UTF-8 become details of err (field named); the object still holds the others. Returns
 * a new object (caller puts it); *bad tells whether a detail was added. */
json_object *import_map_row(const struct import_columns *cols, const struct import_row *row,
                            struct err *err, bool *bad);

#endif
