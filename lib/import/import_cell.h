/* import_cell.h - spreadsheet values as text: numbers as Excel shows them, serial dates as ISO */
#ifndef PC_IMPORT_CELL_H
#define PC_IMPORT_CELL_H

#include <stdbool.h>
#include <stddef.h>

/* import_number_text - v as Excel's General format shows it: integers without a fraction
 * (4155550100), others with up to 15 significant digits (0.1 + 0.2 -> 0.3). out cap >= 32. */
void import_number_text(double v, char *out, size_t cap);

/* import_serial_date - Excel serial days of the 1900 date system (day 1 = 1900-01-01, day 60
 * the fictitious 1900-02-29, day 61 = 1900-03-01; i.e. days since 1899-12-30 from day 61 on)
 * as "YYYY-MM-DD" when whole, "YYYY-MM-DDTHH:MM:SS.mmmZ" otherwise (rounded to the ms).
 * False for day 60, values below 1 and dates after 9999-12-31. out cap >= 25. */
bool import_serial_date(double serial, char *out, size_t cap);

/* import_text_chars - the characters (UTF-8 lead bytes) of s[0..n): the length the cell limit
 * IMPORT_MAX_CELL_CHARS counts; a stray continuation byte counts as nothing */
size_t import_text_chars(const char *s, size_t n);

/* import_text_fit - the bytes of the longest start of s[0..n) that has at most max_chars
 * characters and at most max_bytes bytes and ends at a character boundary */
size_t import_text_fit(const char *s, size_t n, size_t max_chars, size_t max_bytes);

#endif
