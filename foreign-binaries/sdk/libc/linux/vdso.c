/* Finds __vdso_clock_gettime in the vDSO the kernel maps into every process (AT_SYSINFO_EHDR), the
   way glibc does, so the twin's clock_gettime costs what glibc's costs. The vDSO is a small shared
   object: walk its dynamic section to the symbol table and look the name up linearly (it has a
   couple of dozen symbols). */
#include "linux.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct { unsigned char e_ident[16]; uint16_t e_type, e_machine; uint32_t e_version;
                 uint64_t e_entry, e_phoff, e_shoff; uint32_t e_flags;
                 uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx; } Ehdr;
typedef struct { uint32_t p_type, p_flags; uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align; } Phdr;
typedef struct { int64_t d_tag; uint64_t d_val; } Dyn;
typedef struct { uint32_t st_name; unsigned char st_info, st_other; uint16_t st_shndx;
                 uint64_t st_value, st_size; } Sym;

#define PT_LOAD 1
#define PT_DYNAMIC 2
#define DT_NULL 0
#define DT_HASH 4
#define DT_STRTAB 5
#define DT_SYMTAB 6
#define DT_GNU_HASH 0x6ffffef5

int (*__vdso_clock_gettime)(int, struct timespec *);

/* Number of symbols from a DT_GNU_HASH table: one past the highest symbol index in any chain. */
static uint32_t gnu_hash_count(const uint32_t *h) {
    uint32_t nbuckets = h[0], symoffset = h[1], bloom = h[2];
    const uint32_t *buckets = h + 4 + bloom * 2;       /* bloom words are 64-bit */
    const uint32_t *chain = buckets + nbuckets;
    uint32_t max = 0;
    for (uint32_t i = 0; i < nbuckets; i++)
        if (buckets[i] > max) max = buckets[i];
    if (max < symoffset) return symoffset;
    while (!(chain[max - symoffset] & 1)) max++;
    return max + 1;
}

void __vdso_init(const void *base) {
    const Ehdr *eh = base;
    if (memcmp(eh->e_ident, "\177ELF", 4) != 0) return;
    const Phdr *ph = (const Phdr *)((const char *)base + eh->e_phoff);
    intptr_t bias = 0;
    const Dyn *dyn = NULL;
    int have_load = 0;
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && !have_load) {
            bias = (intptr_t)base + (intptr_t)ph[i].p_offset - (intptr_t)ph[i].p_vaddr;
            have_load = 1;
        } else if (ph[i].p_type == PT_DYNAMIC) {
            dyn = (const Dyn *)((const char *)base + ph[i].p_offset);
        }
    }
    if (!dyn || !have_load) return;
    const char *strtab = NULL;
    const Sym *symtab = NULL;
    uint32_t nsyms = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        const void *p = (const void *)(bias + (intptr_t)dyn->d_val);
        switch (dyn->d_tag) {
        case DT_STRTAB: strtab = p; break;
        case DT_SYMTAB: symtab = p; break;
        case DT_HASH: nsyms = ((const uint32_t *)p)[1]; break;
        case DT_GNU_HASH: if (!nsyms) nsyms = gnu_hash_count(p); break;
        }
    }
    if (!strtab || !symtab) return;
    for (uint32_t i = 0; i < nsyms; i++) {
        if (symtab[i].st_shndx == 0 || (symtab[i].st_info & 0xf) != 2) continue;   /* defined STT_FUNC */
        if (strcmp(strtab + symtab[i].st_name, "__vdso_clock_gettime") == 0) {
            __vdso_clock_gettime = (int (*)(int, struct timespec *))(bias + (intptr_t)symtab[i].st_value);
            return;
        }
    }
}
