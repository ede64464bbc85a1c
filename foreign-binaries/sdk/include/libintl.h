/* Message catalogs: GNU gettext's <libintl.h>, which glibc and musl have in libc (GNU programs call
   gettext and bindtextdomain even when configured with --disable-nls). The SDK has no locale but C
   and reads no catalog, so each lookup gives back the message it was given (the singular form when
   n is 1), as gettext does in the C locale or when no catalog has the message. The text domain and
   each domain's directory and codeset are kept and given back as glibc gives them. Both targets,
   the same code (libc/common/intl.c). */
#ifndef _LIBINTL_H
#define _LIBINTL_H

char *gettext(const char *msgid);
char *dgettext(const char *domainname, const char *msgid);
char *dcgettext(const char *domainname, const char *msgid, int category);
char *ngettext(const char *msgid1, const char *msgid2, unsigned long n);
char *dngettext(const char *domainname, const char *msgid1, const char *msgid2, unsigned long n);
char *dcngettext(const char *domainname, const char *msgid1, const char *msgid2, unsigned long n, int category);
/* The current domain ("messages" until set; NULL asks, "" goes back to "messages"). */
char *textdomain(const char *domainname);
/* A domain's catalog directory (NULL asks: "/usr/share/locale", glibc's, until bound). */
char *bindtextdomain(const char *domainname, const char *dirname);
/* A domain's output codeset (NULL asks: NULL until set). */
char *bind_textdomain_codeset(const char *domainname, const char *codeset);

#endif
