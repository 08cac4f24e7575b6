/* netaddr.h - what kind of address an outbound connection would reach: the SSRF check of the
 * webhooks to partners (a partner's URL must never make us call our own network) */
#ifndef PC_NETADDR_H
#define PC_NETADDR_H

#include <stdbool.h>
#include <sys/socket.h>

enum netaddr_class {
    NETADDR_PUBLIC = 0,  /* a global unicast address: may be called */
    NETADDR_LOOPBACK,    /* 127.0.0.0/8, ::1 */
    NETADDR_PRIVATE,     /* 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), fc00::/7 (ULA) */
    NETADDR_LINK_LOCAL,  /* 169.254/16, fe80::/10 */
    NETADDR_MULTICAST,   /* 224/4, ff00::/8, 255.255.255.255 */
    NETADDR_UNSPECIFIED, /* 0.0.0.0/8, :: */
    NETADDR_RESERVED,    /* documentation, benchmarking, 240/4, site-local, v4-compatible,
                            Teredo: nothing a partner runs a server on */
};

/* netaddr_classify - the class of an AF_INET or AF_INET6 address; an IPv6 address that carries
 * an IPv4 one (v4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is the class of
 * the IPv4 address. Any other family is NETADDR_RESERVED. */
enum netaddr_class netaddr_classify(const struct sockaddr *sa);

/* netaddr_class_name - "public", "loopback", "private", "link-local" ... (static text) */
const char *netaddr_class_name(enum netaddr_class c);

/* netaddr_allowed - whether an outbound call may connect to sa: public addresses, and loopback
 * ones when allow_loopback (tests and dev only) */
bool netaddr_allowed(const struct sockaddr *sa, bool allow_loopback);

#endif
