/* <netdb.h>: no sockets and no name service on ToyOS, so every lookup fails with EAI_SYSTEM and
   errno EAFNOSUPPORT (never a made-up answer); gai_strerror has glibc's messages. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>

int getaddrinfo(const char *restrict node, const char *restrict service,
                const struct addrinfo *restrict hints, struct addrinfo **restrict res) {
    (void)node; (void)service; (void)hints;
    if (res) *res = NULL;
    errno = EAFNOSUPPORT;
    return EAI_SYSTEM;
}

void freeaddrinfo(struct addrinfo *ai) {
    while (ai) {
        struct addrinfo *next = ai->ai_next;
        free(ai);
        ai = next;
    }
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host, socklen_t hostlen,
                char *restrict serv, socklen_t servlen, int flags) {
    (void)sa; (void)salen; (void)host; (void)hostlen; (void)serv; (void)servlen; (void)flags;
    errno = EAFNOSUPPORT;
    return EAI_SYSTEM;
}

const char *gai_strerror(int err) {
    switch (err) {
    case 0: return "Success";
    case EAI_BADFLAGS: return "Bad value for ai_flags";
    case EAI_NONAME: return "Name or service not known";
    case EAI_AGAIN: return "Temporary failure in name resolution";
    case EAI_FAIL: return "Non-recoverable failure in name resolution";
    case EAI_FAMILY: return "ai_family not supported";
    case EAI_SOCKTYPE: return "ai_socktype not supported";
    case EAI_SERVICE: return "Servname not supported for ai_socktype";
    case EAI_MEMORY: return "Memory allocation failure";
    case EAI_SYSTEM: return "System error";
    case EAI_OVERFLOW: return "Argument buffer overflow";
    }
    return "Unknown error";
}

/* Weak: old resolver code defines its own. */
__attribute__((weak)) int h_errno;

struct hostent *gethostbyname(const char *name) {
    (void)name;
    h_errno = NO_RECOVERY;
    return NULL;
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) {
    (void)addr; (void)len; (void)type;
    h_errno = NO_RECOVERY;
    return NULL;
}

const char *hstrerror(int err) {
    switch (err) {
    case 0: return "Resolver Error 0 (no error)";
    case HOST_NOT_FOUND: return "Unknown host";
    case TRY_AGAIN: return "Host name lookup failure";
    case NO_RECOVERY: return "Unknown server error";
    case NO_DATA: return "No address associated with name";
    }
    return "Unknown resolver error";
}

void herror(const char *s) {
    if (s && *s) fprintf(stderr, "%s: %s\n", s, hstrerror(h_errno));
    else fprintf(stderr, "%s\n", hstrerror(h_errno));
}
