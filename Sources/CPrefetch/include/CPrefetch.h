#ifndef MFSWEEP_CPREFETCH_H
#define MFSWEEP_CPREFETCH_H

/// Asks the CPU to bring the cache line holding `address` into all cache levels, without
/// waiting for it and without faulting: Swift has no prefetch instruction of its own.
static inline void mfsweep_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
