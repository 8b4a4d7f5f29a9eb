/*
 * The htscodecs side of Scripts/compare-rans-htscodecs.sh: reads a file of symbols (one byte
 * each), codes it with htscodecs' order-0 rANS in two forms -- the scalar 4x16 coder and the
 * 32x16 coder with AVX2 -- and prints one tab-separated line per form: file name, form,
 * encode and decode rates (millions of symbols per second, best of five, thread CPU time,
 * into reused buffers) and the compressed size in bytes.
 */
#include <htscodecs/rANS_static4x16.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double thread_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static unsigned char *read_file(const char *path, unsigned int *size) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(length > 0 ? (size_t)length : 1);
    if (bytes && fread(bytes, 1, (size_t)length, file) != (size_t)length) {
        free(bytes);
        bytes = NULL;
    }
    fclose(file);
    *size = (unsigned int)length;
    return bytes;
}

struct form {
    const char *name;
    int cpu;   /* rans_set_cpu: which SIMD code htscodecs may use */
    int order; /* the order byte: 0, or RANS_ORDER_X32 for 32 interleaved states */
};

static int measure(const char *name, unsigned char *in, unsigned int size, struct form form) {
    rans_set_cpu(form.cpu);
    unsigned int bound = rans_compress_bound_4x16(size, form.order);
    unsigned char *packed = malloc(bound), *back = malloc(size ? size : 1);
    double best_encode = 1e30, best_decode = 1e30;
    unsigned int packed_size = 0;
    for (int run = 0; run < 5; run++) {
        packed_size = bound;
        double start = thread_seconds();
        if (!rans_compress_to_4x16(in, size, packed, &packed_size, form.order)) return 1;
        double time = thread_seconds() - start;
        if (time < best_encode) best_encode = time;
    }
    for (int run = 0; run < 5; run++) {
        unsigned int back_size = size;
        double start = thread_seconds();
        if (!rans_uncompress_to_4x16(packed, packed_size, back, &back_size)) return 1;
        double time = thread_seconds() - start;
        if (time < best_decode) best_decode = time;
        if (back_size != size || memcmp(in, back, size) != 0) return 1;
    }
    printf("%s\t%s\t%.1f\t%.1f\t%u\n", name, form.name, size / best_encode / 1e6,
           size / best_decode / 1e6, packed_size);
    free(packed);
    free(back);
    return 0;
}

int main(int argc, char **argv) {
    struct form forms[] = {
        {"4x16 scalar", 0, 0},
        {"32x16 AVX2", RANS_CPU_ENC_AVX2 | RANS_CPU_DEC_AVX2, RANS_ORDER_X32},
    };
    for (int i = 1; i < argc; i++) {
        unsigned int size = 0;
        unsigned char *in = read_file(argv[i], &size);
        if (!in) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        const char *base = strrchr(argv[i], '/');
        char name[256];
        snprintf(name, sizeof name, "%s", base ? base + 1 : argv[i]);
        char *dot = strrchr(name, '.');
        if (dot) *dot = 0;
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            if (measure(name, in, size, forms[f])) {
                fprintf(stderr, "%s: htscodecs %s failed\n", name, forms[f].name);
                return 1;
            }
        }
        free(in);
    }
    return 0;
}
