/* lead_export_routes.c - GET /leads/export: the list view as a CSV or XLSX download, streamed
 * to the FastCGI output as it is made (the headers go with the first bytes, so a failure
 * before them is still a JSON error) */
#include "handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/isotime.h"
#include "core/log.h"
#include "domain/lead_export.h"
#include "list_params.h"

#define CSV_TYPE "text/csv; charset=utf-8"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct stream {
    struct req *req;
    struct res *res;
    const char *type, *ext;
    bool started;
};

/* the status line and headers, once */
static void
stream_start(struct stream *s)
{
    char head[512], day[32];
    int n;

    isotime_format(clock_now_ms(), day, sizeof(day));
    day[10] = '\0';
    n = snprintf(head, sizeof(head),
                 "Status: 200 OK\r\nContent-Type: %s\r\nContent-Disposition: attachment; "
                 "filename=\"leads-%s.%s\"\r\nCache-Control: no-store\r\nX-Request-Id: %s\r\n\r\n",
                 s->type, day, s->ext, s->req->request_id);
    FCGX_PutStr(head, n, s->req->out);
    s->started = true;
    s->res->status = 200;
    s->res->sent = true;
}

static bool
stream_write(void *ctx, const char *bytes, size_t len)
{
    struct stream *s = ctx;

    if (!s->started)
        stream_start(s);
    if (s->res->head_only)
        return true;
    return FCGX_PutStr(bytes, (int)len, s->req->out) == (int)len;
}

int
leads_export_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct list_buffers bufs;
    struct list_params lp;
    struct lead_export x;
    char format[16], columns[1024];
    const char *fmt = NULL, *cols = NULL;
    struct stream s = {req, res, CSV_TYPE, "csv", false};
    bool ok = list_params_read(req, &bufs, &lp, &err)
              && query_param(req, "format", format, sizeof(format), &fmt, &err)
              && query_param(req, "columns", columns, sizeof(columns), &cols, &err);

    ok = ok && lead_export_prepare(&req->principal, &lp, fmt, cols, &x, &err);
    if (ok && x.format == EXPORT_XLSX)
        s.type = XLSX_TYPE, s.ext = "xlsx";
    if (ok && req->out == NULL)
        ok = err_set(&err, ERR_INTERNAL, "no output stream");
    ok = ok && lead_export_run(req->app, &x, stream_write, &s, &err);
    if (ok && !s.started)
        stream_start(&s); /* no bytes at all: an empty answer */
    lead_export_release(&x);
    if (!ok && s.started) /* the file is cut short: only the log can say so */
        log_warn("export cut short", "rows=%ld err=\"%s\"", x.rows, err.message);
    return ok || s.started ? 200 : res_fail(res, &err);
}
