//! Where given bytes sit in a 64-byte block, as one bit a byte: the first step of finding item
//! boundaries a block at a time instead of a byte at a time (simdjson's stage one).

pub(crate) const BLOCK: usize = 64;

/// For each of `bytes`, a mask with bit `i` set where `block[i]` is that byte.
#[inline(always)]
pub(crate) fn byte_masks<const N: usize>(block: &[u8; BLOCK], bytes: [u8; N]) -> [u64; N] {
    #[cfg(target_arch = "x86_64")]
    {
        sse2(block, bytes)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        swar(block, bytes)
    }
}

/// SSE2 is part of every x86_64 CPU, so no run-time check is needed.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn sse2<const N: usize>(block: &[u8; BLOCK], bytes: [u8; N]) -> [u64; N] {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };
    let mut masks = [0u64; N];
    for lane in 0..BLOCK / 16 {
        // SAFETY: the 16 bytes read are inside `block` (lane < 4), `loadu` needs no alignment,
        // and the other intrinsics only need SSE2, which x86_64 always has.
        unsafe {
            let vector = _mm_loadu_si128(block.as_ptr().add(lane * 16).cast::<__m128i>());
            for (mask, &byte) in masks.iter_mut().zip(&bytes) {
                let equal = _mm_cmpeq_epi8(vector, _mm_set1_epi8(byte as i8));
                *mask |= u64::from(_mm_movemask_epi8(equal) as u16) << (lane * 16);
            }
        }
    }
    masks
}

/// Eight bytes a word, for CPUs the SSE2 path does not cover: zero bytes of `word ^ byte` found
/// with carry-free arithmetic, their top bits gathered into one byte by a multiplication.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn swar<const N: usize>(block: &[u8; BLOCK], bytes: [u8; N]) -> [u64; N] {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;
    const GATHER_TOP_BITS: u64 = 0x0102_0408_1020_4080;
    let mut masks = [0u64; N];
    for (index, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        for (mask, &byte) in masks.iter_mut().zip(&bytes) {
            let x = word ^ (u64::from(byte) * EVERY_BYTE);
            let zero_bytes = !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
            let bits = (zero_bytes >> 7).wrapping_mul(GATHER_TOP_BITS) >> 56;
            *mask |= bits << (index * 8);
        }
    }
    masks
}

/// Bit `i` of the answer is the XOR of bits `0..=i`: 1 between an opening quote (included) and
/// its closing quote (excluded).
#[inline(always)]
pub(crate) fn prefix_xor(mut bits: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_hand(block: &[u8; BLOCK], byte: u8) -> u64 {
        block
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == byte)
            .fold(0, |mask, (i, _)| mask | 1 << i)
    }

    #[test]
    fn both_ways_find_every_byte_including_high_ones() {
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut block = [0u8; BLOCK];
            for byte in &mut block {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Few distinct values, so every wanted byte shows up often.
                *byte = [b'"', b'\\', b'{', b'}', b'\n', 0x00, 0x7F, 0x80, 0xFF, 0xA2]
                    [(seed >> 60) as usize % 10];
            }
            let wanted = [b'"', b'\\', b'{', b'}', b'\n', 0x80, 0xFF];
            let expected = wanted.map(|byte| by_hand(&block, byte));
            assert_eq!(swar(&block, wanted), expected);
            assert_eq!(byte_masks(&block, wanted), expected);
        }
    }

    #[test]
    fn prefix_xor_marks_the_inside_of_quotes() {
        assert_eq!(prefix_xor(0b1000_0100), 0b0111_1100);
        assert_eq!(prefix_xor(1 << 63), 1 << 63);
    }
}
