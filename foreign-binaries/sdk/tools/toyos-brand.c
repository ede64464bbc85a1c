/* toyos-brand: brands a freshly linked ELF as a ToyOS executable, and checks what the loader requires.
 *
 *   toyos-brand FILE          verify, then set e_ident[EI_OSABI] = TOY_ELF_OSABI and
 *                             e_ident[EI_ABIVERSION] = TOY_ABI_MAJOR (in place)
 *   toyos-brand --check FILE  verify only, including the e_ident brand (exit 1 if not branded)
 *
 * Verified: ELF64 little-endian x86-64, ET_EXEC or ET_DYN, no PT_INTERP, and a PT_NOTE holding the
 * note (owner "ToyOS", type TOY_NT_ABI_VERSION, desc { u32 major == TOY_ABI_MAJOR, u32 minor }) that
 * crt0 contributes. Any failure is one clear line on stderr and exit status 1; the file is then left
 * unchanged. Built with the host cc against libelf; the constants come from the generated toyos/abi.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "toyos/abi.h"

static const char *file;

static void fail(const char *fmt, const char *arg) {
    fprintf(stderr, "toyos-brand: %s: ", file);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}


/* Looks for the ToyOS ABI note in one PT_NOTE segment's bytes. Returns 1 if found (checking its
   major version), 0 if absent. */
static int find_note(const unsigned char *p, size_t size, unsigned *minor) {
    size_t off = 0;
    while (off + 12 <= size) {
        uint32_t namesz, descsz, type;
        memcpy(&namesz, p + off, 4);
        memcpy(&descsz, p + off + 4, 4);
        memcpy(&type, p + off + 8, 4);
        size_t name_off = off + 12;
        size_t desc_off = name_off + ((namesz + 3) & ~3u);
        size_t next = desc_off + ((descsz + 3) & ~3u);
        if (next > size || next < off) fail("%s", "malformed note in PT_NOTE");
        if (namesz == 6 && memcmp(p + name_off, "ToyOS", 6) == 0 && type == TOY_NT_ABI_VERSION) {
            if (descsz != 8) fail("%s", "ToyOS ABI note has descsz != 8");
            uint32_t major;
            memcpy(&major, p + desc_off, 4);
            memcpy(minor, p + desc_off + 4, 4);
            if (major != TOY_ABI_MAJOR) {
                char buf[64];
                snprintf(buf, sizeof buf, "%u (this SDK is ABI %d)", major, TOY_ABI_MAJOR);
                fail("ToyOS ABI note says major %s", buf);
            }
            return 1;
        }
        off = next;
    }
    return 0;
}

int main(int argc, char **argv) {
    int check_only = 0;
    if (argc == 3 && strcmp(argv[1], "--check") == 0) { check_only = 1; file = argv[2]; }
    else if (argc == 2 && argv[1][0] != '-') file = argv[1];
    else {
        fprintf(stderr, "usage: toyos-brand [--check] FILE\n");
        return 2;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) fail("%s", "libelf is out of date");
    int fd = open(file, check_only ? O_RDONLY : O_RDWR);
    if (fd < 0) fail("%s", strerror(errno));
    Elf *elf = elf_begin(fd, check_only ? ELF_C_READ : ELF_C_RDWR, NULL);
    if (!elf || elf_kind(elf) != ELF_K_ELF) fail("%s", "not an ELF file");
    /* Keep libelf from re-laying-out the file: only the header bytes change. */
    if (!check_only) elf_flagelf(elf, ELF_C_SET, ELF_F_LAYOUT);

    GElf_Ehdr eh;
    if (!gelf_getehdr(elf, &eh)) fail("%s", elf_errmsg(-1));
    if (eh.e_ident[EI_CLASS] != ELFCLASS64) fail("%s", "not ELF64");
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB) fail("%s", "not little-endian");
    if (eh.e_machine != EM_X86_64) fail("%s", "not x86-64");
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) fail("%s", "not an executable (ET_EXEC or ET_DYN)");

    size_t nph;
    if (elf_getphdrnum(elf, &nph) != 0) fail("%s", elf_errmsg(-1));
    /* The note bytes are read with pread, not elf_rawfile: in ELF_C_RDWR mode elfutils then writes
       the header back from the untouched raw image, silently dropping the brand. */
    off_t fsize = lseek(fd, 0, SEEK_END);
    int found = 0;
    unsigned minor = 0;
    for (size_t i = 0; i < nph; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(elf, (int)i, &ph)) fail("%s", elf_errmsg(-1));
        if (ph.p_type == PT_INTERP) fail("%s", "has PT_INTERP: ToyOS executables are static");
        if (ph.p_type == PT_NOTE && !found) {
            if (ph.p_offset > (uint64_t)fsize || ph.p_filesz > (uint64_t)fsize - ph.p_offset)
                fail("%s", "PT_NOTE lies outside the file");
            unsigned char *buf = malloc(ph.p_filesz ? ph.p_filesz : 1);
            if (!buf || pread(fd, buf, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz)
                fail("%s", "cannot read PT_NOTE");
            found = find_note(buf, ph.p_filesz, &minor);
            free(buf);
        }
    }
    if (!found)
        fail("%s", "no ToyOS ABI note in a PT_NOTE (owner \"ToyOS\", type TOY_NT_ABI_VERSION); "
                   "link with the SDK's crt0.o and linker script");
    /* The SDK's crt0 takes the version from abi.h when it is built: it must be the version of the
       headers the program was compiled with (a crt0.o older than abi.h, say). */
    if (minor != TOY_ABI_MINOR)
        fail("%s", "the ABI note's minor version is not abi.h's TOY_ABI_MINOR: crt0.S and abi.h disagree");

    if (check_only) {
        if (eh.e_ident[EI_OSABI] != TOY_ELF_OSABI || eh.e_ident[EI_ABIVERSION] != TOY_ABI_MAJOR)
            fail("%s", "e_ident is not branded (EI_OSABI / EI_ABIVERSION)");
    } else {
        eh.e_ident[EI_OSABI] = TOY_ELF_OSABI;
        eh.e_ident[EI_ABIVERSION] = TOY_ABI_MAJOR;
        if (!gelf_update_ehdr(elf, &eh)) fail("%s", elf_errmsg(-1));
        if (elf_update(elf, ELF_C_WRITE) < 0) fail("%s", elf_errmsg(-1));
    }
    elf_end(elf);
    close(fd);
    return 0;
}
