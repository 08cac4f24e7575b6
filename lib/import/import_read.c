/* import_read.c - which reader an uploaded file goes to, and the files no reader takes */
#include "import/import_read.h"

#include <string.h>

#include "import/import_csv.h"
#include "import/import_xlsx.h"

static bool
refuse(struct err *err, const char *problem)
{
    err_detail(err, "file", "%s", problem);
    return err_set(err, ERR_VALIDATION_FAILED, "the file cannot be imported");
}

bool
import_read(const char *data, size_t len, import_row_fn *fn, void *ctx, struct err *err)
{
    if (len == 0)
        return refuse(err, "is empty (0 bytes): upload a CSV or XLSX file with a header row");
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return import_xlsx_read(data, len, fn, ctx, err);
    if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
        return refuse(err, "is a legacy Excel 97-2003 (.xls) file: save it as .xlsx or CSV");
    if (len >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 || memcmp(data, "\xfe\xff", 2) == 0))
        return refuse(err, "is UTF-16 text: save it as CSV UTF-8");
    if (memchr(data, '\0', len) != NULL)
        return refuse(err, "is neither a CSV text file nor an XLSX workbook (binary data)");
    return import_csv_read(data, len, fn, ctx, err);
}
