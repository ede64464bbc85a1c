/* Name and service lookup: ToyOS has no sockets and no name service, so the lookups exist (portable
   code and its configuration find them) and fail honestly: getaddrinfo and getnameinfo return
   EAI_SYSTEM with errno EAFNOSUPPORT, for every name and every address. gai_strerror and
   freeaddrinfo work. Types and values are glibc's. */
#ifndef _NETDB_H
#define _NETDB_H
#include <netinet/in.h>
#include <sys/socket.h>

struct addrinfo {
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
    struct addrinfo *ai_next;
};

#define AI_PASSIVE 0x0001
#define AI_CANONNAME 0x0002
#define AI_NUMERICHOST 0x0004
#define AI_V4MAPPED 0x0008
#define AI_ALL 0x0010
#define AI_ADDRCONFIG 0x0020
#define AI_NUMERICSERV 0x0400

#define EAI_BADFLAGS -1
#define EAI_NONAME -2
#define EAI_AGAIN -3
#define EAI_FAIL -4
#define EAI_FAMILY -6
#define EAI_SOCKTYPE -7
#define EAI_SERVICE -8
#define EAI_MEMORY -10
#define EAI_SYSTEM -11
#define EAI_OVERFLOW -12

#define NI_NUMERICHOST 1
#define NI_NUMERICSERV 2
#define NI_NOFQDN 4
#define NI_NAMEREQD 8
#define NI_DGRAM 16
#define NI_MAXHOST 1025
#define NI_MAXSERV 32

/* Always EAI_SYSTEM with errno EAFNOSUPPORT (no sockets, no name service); *res is set to NULL. */
int getaddrinfo(const char *restrict node, const char *restrict service,
                const struct addrinfo *restrict hints, struct addrinfo **restrict res);
void freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int err);
/* Always EAI_SYSTEM with errno EAFNOSUPPORT. */
int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host, socklen_t hostlen,
                char *restrict serv, socklen_t servlen, int flags);

/* The older interface: the same honest failure, as h_errno NO_RECOVERY (gethostbyname and
   gethostbyaddr return NULL for every name and address). hstrerror and herror have glibc's texts. */
struct hostent {
    char *h_name;
    char **h_aliases;
    int h_addrtype;
    int h_length;
    char **h_addr_list;
};
#define h_addr h_addr_list[0]
#define HOST_NOT_FOUND 1
#define TRY_AGAIN 2
#define NO_RECOVERY 3
#define NO_DATA 4
#define NO_ADDRESS NO_DATA
extern int h_errno;
/* Always NULL with h_errno NO_RECOVERY (no sockets, no name service). */
struct hostent *gethostbyname(const char *name);
/* Always NULL with h_errno NO_RECOVERY. */
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
const char *hstrerror(int err);
void herror(const char *s);

#endif
