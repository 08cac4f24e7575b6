/* imports_routes.c - import endpoints: upload a CSV or XLSX file (dry run or start), poll progress,
 * the history */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "import/imports.h"
#include "import/multipart.h"
#include "list_params.h"

/* the form of an upload: the file part (with a filename) and the optional partner field */
static bool
read_form(struct req *req, struct multipart *mp, struct import_file *file, char *partner,
          size_t cap, struct err *err)
{
    char boundary[MULTIPART_BOUNDARY_MAX + 1];
    const struct multipart_part *f, *pf;

    if (!multipart_boundary(req_env(req, "CONTENT_TYPE"), boundary, sizeof(boundary), err)
        || !multipart_parse(req->body, req->body_len, boundary, mp, err))
        return false;
    f = multipart_find(mp, "file");
    if (f == NULL || !f->has_filename) {
        err_detail(err, "file", "is required: send the CSV or XLSX file in the form field file");
        return err_set(err, ERR_VALIDATION_FAILED, "the import has invalid fields");
    }
    pf = multipart_find(mp, "partner");
    if (pf != NULL && (pf->len >= cap || memchr(pf->data, '\0', pf->len) != NULL)) {
        err_detail(err, "partner", "is not a known partner (give its id or slug)");
        return err_set(err, ERR_VALIDATION_FAILED, "the import has invalid fields");
    }
    snprintf(partner, cap, "%.*s", pf ? (int)pf->len : 0, pf ? pf->data : "");
    file->data = f->data;
    file->len = f->len;
    file->filename = f->filename;
    file->partner = partner;
    return true;
}

int
leads_import_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    struct multipart mp;
    struct import_file file = {0};
    char partner[128], dry[8];
    bool dry_run = req_query(req, "dryRun", dry, sizeof(dry))
                   && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
    json_object *out = NULL;

    if (read_form(req, &mp, &file, partner, sizeof(partner), &err))
        out = dry_run ? imports_preview(req->app, &req->principal, &file, &err)
                      : imports_start(req->app, &req->principal, &file, &err);
    return out ? res_json(res, dry_run ? 200 : 202, out) : res_fail(res, &err);
}

int
imports_get_route(struct req *req, struct res *res)
{
    struct err err = ERR_INIT;
    json_object *out = imports_get(req->app, &req->principal, req_param(req, "id"), &err);

    return out ? res_json(res, 200, out) : res_fail(res, &err);
}

int
imports_list_route(struct req *req, struct res *res)
{
    return list_answer(req, res, imports_list);
}

int
imports_columns_route(struct req *req, struct res *res)
{
    (void)req;
    return res_json(res, 200, imports_columns());
}
