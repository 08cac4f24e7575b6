/* test_passwd.c - the password policy (length in characters and bytes, not the e-mail, not a
 * common password), argon2id hashing and verification, and when a hash needs renewing */
#include <stdio.h>
#include <string.h>

#include "auth/passwd.h"
#include "unit.h"

/* the policy's verdict; problem receives the detail's text ("" when accepted) */
static bool
policy(const char *password, const char *email, char *problem, size_t cap)
{
    struct err err = ERR_INIT;
    bool ok = passwd_check_policy(password, email, "newPassword", &err);

    ck_assert_int_eq(err.ndetails, ok ? 0 : 1);
    if (!ok)
        ck_assert_str_eq(err.details[0].field, "newPassword");
    snprintf(problem, cap, "%s", ok ? "" : err.details[0].problem);
    return ok;
}

START_TEST(a_password_has_at_least_ten_characters)
{
    char problem[160];

    ck_assert(!policy("", NULL, problem, sizeof(problem)));
    ck_assert(!policy("nine-char", NULL, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "must be at least 10 characters");
    ck_assert(policy("ten-chars!", NULL, problem, sizeof(problem)));
    /* characters, not bytes: five two-byte letters are ten bytes but five characters */
    ck_assert(!policy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL, problem, sizeof(problem)));
    ck_assert(policy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                     "\xc3\xa9",
                     NULL, problem, sizeof(problem)));
}
END_TEST

START_TEST(a_password_has_at_most_256_bytes_and_is_never_cut)
{
    char pw[PASSWD_MAX_LEN + 2], problem[160];

    memset(pw, 'k', PASSWD_MAX_LEN);
    pw[PASSWD_MAX_LEN] = '\0';
    ck_assert(policy(pw, NULL, problem, sizeof(problem)));
    pw[PASSWD_MAX_LEN] = 'k';
    pw[PASSWD_MAX_LEN + 1] = '\0';
    ck_assert(!policy(pw, NULL, problem, sizeof(problem)));
    ck_assert_str_eq(problem, "must be at most 256 bytes");
}
END_TEST

START_TEST(a_password_is_not_the_email_in_any_case)
{
    char problem[160];

    ck_assert(!policy("Ann.Lee@Example.com", "ann.lee@example.com", problem, sizeof(problem)));
    ck_assert_str_eq(problem, "must not be your e-mail address");
    ck_assert(policy("ann.lee@example.com!", "ann.lee@example.com", problem, sizeof(problem)));
}
END_TEST

START_TEST(a_common_password_is_refused_in_any_case)
{
    static const char *const common[] = {"password123", "PASSWORD123", "Qwertyuiop", "1234567890",
                                         "partnerconnector"};
    char problem[160];

    for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
        ck_assert_msg(!policy(common[i], NULL, problem, sizeof(problem)), "%s accepted", common[i]);
        ck_assert_str_eq(problem, "is too common; choose another");
    }
    ck_assert(policy("password1234567", NULL, problem, sizeof(problem))); /* not on the list */
}
END_TEST

START_TEST(a_hash_verifies_its_password_only)
{
    struct err err = ERR_INIT;
    char hash[PASSWD_HASH_CAP], again[PASSWD_HASH_CAP];

    ck_assert(passwd_hash("correct horse battery", hash, &err));
    ck_assert_int_eq(strncmp(hash, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
    ck_assert(passwd_verify("correct horse battery", hash));
    ck_assert(!passwd_verify("correct horse batterY", hash));
    ck_assert(!passwd_verify("", hash));
    ck_assert(!passwd_needs_rehash(hash));
    ck_assert(passwd_hash("correct horse battery", again, &err));
    ck_assert_str_ne(hash, again); /* a fresh salt each time */
}
END_TEST

START_TEST(weaker_or_foreign_hashes_need_a_rehash_and_garbage_never_verifies)
{
    ck_assert(passwd_needs_rehash("$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"));
    ck_assert(passwd_needs_rehash("$2b$10$abcdefghijklmnopqrstuuO1xgPLkmFh4C3hAMVdFIhb6o6K5lj3q"));
    ck_assert(passwd_needs_rehash(""));
    ck_assert(!passwd_verify("anything at all", ""));
    ck_assert(!passwd_verify("anything at all", "$argon2id$v=19$m=19456,t=2,p=1$bad"));
    ck_assert(!passwd_verify("anything at all", "plain text"));
}
END_TEST

Suite *
suite_passwd(void)
{
    Suite *s = suite_create("passwd");
    TCase *tc = tcase_create("policy");

    tcase_set_timeout(tc, 30); /* argon2id with 19 MiB, a few times, on a shared machine */
    tcase_add_test(tc, a_password_has_at_least_ten_characters);
    tcase_add_test(tc, a_password_has_at_most_256_bytes_and_is_never_cut);
    tcase_add_test(tc, a_password_is_not_the_email_in_any_case);
    tcase_add_test(tc, a_common_password_is_refused_in_any_case);
    tcase_add_test(tc, a_hash_verifies_its_password_only);
    tcase_add_test(tc, weaker_or_foreign_hashes_need_a_rehash_and_garbage_never_verifies);
    suite_add_tcase(s, tc);
    return s;
}
