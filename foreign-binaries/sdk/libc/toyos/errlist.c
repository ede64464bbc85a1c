/* errno and signal names and messages, from the ABI table (TOY_ERRNO_LIST, TOY_SIGNAL_LIST). */
#include "toyos.h"
#include <errno.h>
#include <signal.h>
#include <stddef.h>

/* errno.h must define every errno name of the table with the table's value. */
#define CHECK(name, num, msg) _Static_assert(name == num, "errno.h: " #name);
TOY_ERRNO_LIST(CHECK)
#undef CHECK
#define CHECK(name, num, msg) _Static_assert(name == num, "signal.h: " #name);
TOY_SIGNAL_LIST(CHECK)
#undef CHECK

const char *__errno_message(int err) {
    switch (err) {
#define CASE(name, num, msg) case num: return msg;
    TOY_ERRNO_LIST(CASE)
#undef CASE
    case 0: return "Success";
    case EILSEQ: return "Invalid or incomplete multibyte or wide character";
    case ENOLCK: return "No locks available";
    case EAFNOSUPPORT: return "Address family not supported by protocol";
    }
    return NULL;
}

const char *__errno_name(int err) {
    switch (err) {
#define CASE(name, num, msg) case num: return #name;
    TOY_ERRNO_LIST(CASE)
#undef CASE
    case 0: return "0";
    case EILSEQ: return "EILSEQ";
    case ENOLCK: return "ENOLCK";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    }
    return NULL;
}

const char *__signal_message(int sig) {
    switch (sig) {
#define CASE(name, num, msg) case num: return msg;
    TOY_SIGNAL_LIST(CASE)
#undef CASE
    }
    return NULL;
}
