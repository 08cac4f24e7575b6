/* mail_file.c - the file transport: one .eml per message under PC_MAIL_DIR (development) */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mail/mail.h"

static bool
is_ascii(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* RFC 2047 encoded-word for a non-ASCII subject */
static char *
encode_subject(const char *subject)
{
    size_t len = strlen(subject);
    char *b64, *out;

    if (is_ascii(subject))
        return strdup(subject);
    b64 = malloc(4 * ((len + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)subject, (int)len);
    if (asprintf(&out, "=?UTF-8?B?%s?=", b64) < 0)
        out = NULL;
    free(b64);
    return out;
}

char *
mail_eml(const struct mail_message *m, long long now)
{
    char date[64], *subject = encode_subject(m->subject), *out = NULL;
    time_t t = (time_t)now;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    if (asprintf(&out,
                 "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n"
                 "Message-ID: <%s@partner-connector>\r\nX-PC-Template: %s\r\n"
                 "MIME-Version: 1.0\r\n"
                 "Content-Type: multipart/alternative; boundary=\"pc-%s\"\r\n\r\n"
                 "--pc-%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n"
                 "--pc-%s\r\nContent-Type: text/html; charset=utf-8\r\n"
                 "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n--pc-%s--\r\n",
                 m->from, m->to, subject ? subject : "", date, m->id, m->tag, m->id, m->id, m->text,
                 m->id, m->html, m->id)
        < 0)
        out = NULL;
    free(subject);
    return out;
}

enum mail_outcome
mail_file_write(const char *dir, const struct mail_message *m, char *error, size_t cap)
{
    char path[1024], tmp[1100];
    char *eml = mail_eml(m, (long long)time(NULL));
    int fd;
    size_t len;
    bool ok;

    if (eml == NULL) {
        snprintf(error, cap, "out of memory");
        return MAIL_RETRY;
    }
    mkdir(dir, 0750);
    /* named by job id: a redelivered job finds its file and writes nothing new */
    snprintf(path, sizeof(path), "%s/%s.eml", dir, m->id);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if (access(path, F_OK) == 0) {
        free(eml);
        return MAIL_SENT;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    len = strlen(eml);
    ok = fd >= 0 && write(fd, eml, len) == (ssize_t)len && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    ok = ok && rename(tmp, path) == 0;
    free(eml);
    if (!ok) {
        snprintf(error, cap, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return MAIL_RETRY;
    }
    return MAIL_SENT;
}
