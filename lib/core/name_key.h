/* name_key.h - the comparison key of a name typed by people: two names are "the same" when
 * their keys are equal (saved views per owner, partners) */
#ifndef PC_NAME_KEY_H
#define PC_NAME_KEY_H

#include <stdbool.h>
#include <stddef.h>

/* name_key - s trimmed of ASCII white space, inner runs of it as one space, ASCII letters
 * lower-cased (other bytes as they are) into out (cap bytes, NUL-terminated). Returns false
 * when the key is empty or does not fit (out then holds ""). */
bool name_key(const char *s, char *out, size_t cap);

#endif
