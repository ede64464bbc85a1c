/* <netdb.h> on a system without sockets or a name service: the lookups fail with EAI_SYSTEM and
   errno EAFNOSUPPORT (never an invented address), freeaddrinfo accepts NULL, gai_strerror has
   glibc's messages, and the byte-order macros of <netinet/in.h> swap. */
#include "tt.h"
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

int main(void)
{
    struct addrinfo hints, *res = (struct addrinfo *)&hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    errno = 0;
    is_int(getaddrinfo("localhost", "80", &hints, &res), EAI_SYSTEM, "getaddrinfo: EAI_SYSTEM");
    is_int(errno, EAFNOSUPPORT, "getaddrinfo: errno EAFNOSUPPORT");
    ok(res == NULL, "getaddrinfo: *res is NULL");
    hints.ai_flags = AI_NUMERICHOST;
    errno = 0;
    is_int(getaddrinfo("127.0.0.1", NULL, &hints, &res), EAI_SYSTEM, "getaddrinfo (numeric): EAI_SYSTEM");
    is_int(errno, EAFNOSUPPORT, "getaddrinfo (numeric): errno EAFNOSUPPORT");
    freeaddrinfo(NULL);
    ok(1, "freeaddrinfo(NULL) returns");

    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(80);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    errno = 0;
    is_int(getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST),
           EAI_SYSTEM, "getnameinfo: EAI_SYSTEM");
    is_int(errno, EAFNOSUPPORT, "getnameinfo: errno EAFNOSUPPORT");
    is_str(strerror(EAFNOSUPPORT), "Address family not supported by protocol", "strerror(EAFNOSUPPORT)");

    is_str(gai_strerror(EAI_SYSTEM), "System error", "gai_strerror(EAI_SYSTEM)");
    is_str(gai_strerror(EAI_NONAME), "Name or service not known", "gai_strerror(EAI_NONAME)");
    is_str(gai_strerror(12345), "Unknown error", "gai_strerror(unknown)");
    is_int(ntohs(sin.sin_port), 80, "ntohs(htons(80))");
    is_int(((unsigned char *)&sin.sin_port)[0], 0, "htons: network order, high byte first");
    is_int(ntohl(sin.sin_addr.s_addr), 0x7f000001, "ntohl(htonl(INADDR_LOOPBACK))");
    is_int((int)sizeof(struct sockaddr_storage), 128, "sockaddr_storage is 128 bytes");
    return done_testing();
}
