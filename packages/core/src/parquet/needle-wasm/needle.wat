;; The last place a byte string (a needle) occurs in a longer one (the haystack): find's search of a
;; PLAIN page for an identifier's length and bytes (../wasm-needle.ts). Memory belongs to the caller,
;; which copies in the haystack, the needle after it, and keeps 16 bytes after each.
;;
;; Sixteen starting places at a time, from the end backwards: each is a candidate only when the
;; haystack holds the needle's first, middle and last bytes at the right distances (three vector
;; compares of 16 bytes), and only candidates are compared byte by byte. On a 1.4 MB page of ten-digit
;; identifiers about one place in 1,400 is a candidate.
;;
;; lastAt(hay, size, needle, length) -> the largest s with hay[s, s + length) equal to
;; needle[0, length), or -1 when there is none; length >= 1.
(module
  (memory (export "memory") 1)

  ;; Whether hay[at, at + length) equals needle[0, length).
  (func $equal (param $at i32) (param $needle i32) (param $length i32) (result i32)
    (local $k i32)
    (block $differ
      (loop $byte
        (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $at) (local.get $k))) (i32.load8_u (i32.add (local.get $needle) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $byte (i32.lt_u (local.get $k) (local.get $length))))
      (return (i32.const 1)))
    (i32.const 0))

  (func (export "lastAt") (param $hay i32) (param $size i32) (param $needle i32) (param $length i32) (result i32)
    (local $last i32) (local $middle i32) (local $block i32) (local $mask i32) (local $bit i32)
    (local $first v128) (local $mid v128) (local $end v128)
    ;; The last place the needle could start; none when it is longer than the haystack.
    (local.set $last (i32.sub (local.get $size) (local.get $length)))
    (if (i32.lt_s (local.get $last) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $middle (i32.shr_u (local.get $length) (i32.const 1)))
    (local.set $first (i8x16.splat (i32.load8_u (local.get $needle))))
    (local.set $mid (i8x16.splat (i32.load8_u (i32.add (local.get $needle) (local.get $middle)))))
    (local.set $end (i8x16.splat (i32.load8_u (i32.add (i32.add (local.get $needle) (local.get $length)) (i32.const -1)))))
    ;; Blocks of sixteen starting places [block, block + 16), the last ending at `last`: every byte
    ;; a block's compares read lies inside the haystack.
    (local.set $block (i32.sub (local.get $last) (i32.const 15)))
    (block $head
      (loop $blocks
        (br_if $head (i32.lt_s (local.get $block) (i32.const 0)))
        (local.set $mask
          (i8x16.bitmask
            (v128.and
              (v128.and
                (i8x16.eq (v128.load (i32.add (local.get $hay) (local.get $block))) (local.get $first))
                (i8x16.eq (v128.load (i32.add (i32.add (local.get $hay) (local.get $block)) (local.get $middle))) (local.get $mid)))
              (i8x16.eq (v128.load (i32.add (i32.add (i32.add (local.get $hay) (local.get $block)) (local.get $length)) (i32.const -1))) (local.get $end)))))
        ;; The block's candidates, the highest first.
        (block $none
          (loop $candidates
            (br_if $none (i32.eqz (local.get $mask)))
            (local.set $bit (i32.sub (i32.const 31) (i32.clz (local.get $mask))))
            (if (call $equal (i32.add (i32.add (local.get $hay) (local.get $block)) (local.get $bit)) (local.get $needle) (local.get $length))
              (then (return (i32.add (local.get $block) (local.get $bit)))))
            (local.set $mask (i32.xor (local.get $mask) (i32.shl (i32.const 1) (local.get $bit))))
            (br $candidates)))
        (local.set $block (i32.sub (local.get $block) (i32.const 16)))
        (br $blocks)))
    ;; The fewer than sixteen places left at the start, one at a time.
    (local.set $bit (i32.add (local.get $block) (i32.const 15)))
    (block $done
      (loop $place
        (br_if $done (i32.lt_s (local.get $bit) (i32.const 0)))
        (if (call $equal (i32.add (local.get $hay) (local.get $bit)) (local.get $needle) (local.get $length))
          (then (return (local.get $bit))))
        (local.set $bit (i32.sub (local.get $bit) (i32.const 1)))
        (br $place)))
    (i32.const -1)))
