#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

/* 65 bytes per field as on Linux; ToyOS's sysinfo fields are 64 bytes including the NUL. */
struct utsname {
    char sysname[65];
    char nodename[65];
    char release[65];
    char version[65];
    char machine[65];
};

int uname(struct utsname *u);

#endif
