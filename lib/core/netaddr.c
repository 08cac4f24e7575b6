/* netaddr.c - address classes by prefix (RFC 6890's special-purpose registries) */
#include "core/netaddr.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

struct v4_range {
    uint32_t net;
    int bits;
    enum netaddr_class cls;
};

/* clang-format off */
static const struct v4_range v4_ranges[] = {
    {0x00000000u, 8,  NETADDR_UNSPECIFIED}, /* 0.0.0.0/8 "this network" */
    {0x0A000000u, 8,  NETADDR_PRIVATE},     /* 10/8 */
    {0x64400000u, 10, NETADDR_PRIVATE},     /* 100.64/10 shared address space (CGNAT) */
    {0x7F000000u, 8,  NETADDR_LOOPBACK},    /* 127/8 */
    {0xA9FE0000u, 16, NETADDR_LINK_LOCAL},  /* 169.254/16 (cloud metadata lives here) */
    {0xAC100000u, 12, NETADDR_PRIVATE},     /* 172.16/12 */
    {0xC0000000u, 24, NETADDR_RESERVED},    /* 192.0.0/24 IETF protocol assignments */
    {0xC0000200u, 24, NETADDR_RESERVED},    /* 192.0.2/24 TEST-NET-1 */
    {0xC0A80000u, 16, NETADDR_PRIVATE},     /* 192.168/16 */
    {0xC6120000u, 15, NETADDR_RESERVED},    /* 198.18/15 benchmarking */
    {0xC6336400u, 24, NETADDR_RESERVED},    /* 198.51.100/24 TEST-NET-2 */
    {0xCB007100u, 24, NETADDR_RESERVED},    /* 203.0.113/24 TEST-NET-3 */
    {0xFFFFFFFFu, 32, NETADDR_MULTICAST},   /* broadcast, before 240/4 */
    {0xE0000000u, 4,  NETADDR_MULTICAST},   /* 224/4 */
    {0xF0000000u, 4,  NETADDR_RESERVED},    /* 240/4 */
};
/* clang-format on */

static enum netaddr_class
classify_v4(uint32_t a)
{
    for (size_t i = 0; i < sizeof(v4_ranges) / sizeof(v4_ranges[0]); i++) {
        uint32_t mask = v4_ranges[i].bits == 0 ? 0 : 0xFFFFFFFFu << (32 - v4_ranges[i].bits);
        if ((a & mask) == v4_ranges[i].net)
            return v4_ranges[i].cls;
    }
    return NETADDR_PUBLIC;
}

static uint32_t
v4_at(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static bool
all_zero(const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

static enum netaddr_class
classify_v6(const uint8_t *b)
{
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const uint8_t nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};

    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return classify_v4(v4_at(b + 12));
    if (all_zero(b, 15))
        return b[15] == 0 ? NETADDR_UNSPECIFIED : b[15] == 1 ? NETADDR_LOOPBACK : NETADDR_RESERVED;
    if (all_zero(b, 12)) /* ::a.b.c.d, the deprecated v4-compatible form */
        return NETADDR_RESERVED;
    if (b[0] == 0x20 && b[1] == 0x02) /* 6to4 2002:V4ADDR::/48 */
        return classify_v4(v4_at(b + 2));
    if (b[0] == 0xFF)
        return NETADDR_MULTICAST;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return NETADDR_LINK_LOCAL;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) /* fec0::/10 site-local, deprecated */
        return NETADDR_RESERVED;
    if ((b[0] & 0xFE) == 0xFC)
        return NETADDR_PRIVATE;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) /* 2001:db8::/32 docs */
        return NETADDR_RESERVED;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) /* Teredo 2001::/32 */
        return NETADDR_RESERVED;
    if ((b[0] & 0xE0) != 0x20) /* outside 2000::/3, global unicast */
        return NETADDR_RESERVED;
    return NETADDR_PUBLIC;
}

enum netaddr_class
netaddr_classify(const struct sockaddr *sa)
{
    if (sa == NULL)
        return NETADDR_RESERVED;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        return classify_v4(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        return classify_v6(in6->sin6_addr.s6_addr);
    }
    return NETADDR_RESERVED;
}

const char *
netaddr_class_name(enum netaddr_class c)
{
    static const char *const names[] = {"public",    "loopback",    "private", "link-local",
                                        "multicast", "unspecified", "reserved"};

    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "reserved";
}

bool
netaddr_allowed(const struct sockaddr *sa, bool allow_loopback)
{
    enum netaddr_class c = netaddr_classify(sa);

    return c == NETADDR_PUBLIC || (allow_loopback && c == NETADDR_LOOPBACK);
}
