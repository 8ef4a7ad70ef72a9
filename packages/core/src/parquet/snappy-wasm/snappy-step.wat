;; Raw snappy decompression, one run of elements at a time: synctrack's one snappy decoder (its
;; stops are ../snappy.ts's SnappyStop). Memory belongs to the caller (../wasm-snappy.ts), which
;; places the input and the output region and keeps 16 bytes of slack after each: short literals and
;; copies move 8 bytes at a time and may read or write up to 7 bytes past their end.
;;
;; Most elements take a fast path first: while the input has 72 bytes left and the output region 64,
;; a literal whose length is in its tag (at most 60 bytes) or a copy from at least 16 bytes back is
;; moved 16 bytes at a time (a 16-, 32- or 64-byte block, all inside the regions: what lies past the
;; element is written over by the next ones), with no bounds checks of its own. Anything else (a
;; long literal, a short offset, an offset of 0 or before `window`, the regions' last bytes) leaves
;; it for the checked loop below, which reads one element and returns to the fast path. Measured on
;; a 1.4 MB identifier page (344k elements of 1-10 bytes): 2.07 -> 1.68 ms; on a 39 MB payload page
;; the same as before (11.9 ms). Copying literal and copy through one `select`ed source was faster
;; still on identifiers (1.46 ms) but 20% slower on payloads, so the two keep their branches.
;;
;; step(pos, inEnd, window, out, outEnd, outLimit) decodes elements from `pos` (input ends at
;; `inEnd`) into `out` until out >= outEnd, and returns why it stopped:
;;   0 reached outEnd   1 input ended   2 next element does not fit before outLimit
;;   3 next copy reaches before `window`   4 an element runs past the input   5 a copy of offset 0
;; On 2 and 3 the element is left unread. The positions reached are read back with pos() and out().
;; A `reach` set (with setReach) to other than 0 is lowered by every copy to the address it read
;; from (unsigned; read back with reach()): where decompression could restart without the bytes
;; before it (../value-map.ts). Such calls take the checked loop alone, so the fast path pays nothing.
(module
  (memory (export "memory") 1)
  (global $pos (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $reach (mut i32) (i32.const 0))
  (func (export "pos") (result i32) (global.get $pos))
  (func (export "out") (result i32) (global.get $out))
  (func (export "reach") (result i32) (global.get $reach))
  (func (export "setReach") (param $reach i32) (global.set $reach (local.get $reach)))

  (func (export "step")
    (param $pos i32) (param $inEnd i32) (param $window i32) (param $out i32) (param $outEnd i32) (param $outLimit i32)
    (result i32)
    (local $tag i32) (local $p i32) (local $len i32) (local $off i32) (local $from i32) (local $k i32) (local $extra i32)
    (local $status i32) (local $type i32) (local $fastOut i32) (local $fastIn i32) (local $reach i32)
    (local.set $reach (global.get $reach))
    ;; Where the fast path stops: 64 bytes before the output's limit (or at outEnd), 72 before the input's end.
    (local.set $fastOut (select (local.get $outEnd) (i32.sub (local.get $outLimit) (i32.const 64))
      (i32.lt_s (local.get $outEnd) (i32.sub (local.get $outLimit) (i32.const 64)))))
    (local.set $fastIn (i32.sub (local.get $inEnd) (i32.const 72)))
    ;; Tracking `reach`: no fast path.
    (if (local.get $reach) (then (local.set $fastIn (i32.const 0))))
    (block $stop
      (loop $next

      ;; The fast path: elements that end well inside both regions, copies from at least 16 bytes
      ;; back, and literals whose length is in the tag, with no bounds checks of their own; the
      ;; rest (and every stop) goes through the checked path below, one element at a time.
      (block $slow
        (loop $fast
          (br_if $slow (i32.ge_s (local.get $out) (local.get $fastOut)))
          (br_if $slow (i32.ge_s (local.get $pos) (local.get $fastIn)))
          (local.set $tag (i32.load8_u (local.get $pos)))
          (local.set $type (i32.and (local.get $tag) (i32.const 3)))
          (if (i32.eqz (local.get $type))
            (then
              (br_if $slow (i32.ge_u (local.get $tag) (i32.const 240)))
              (local.set $len (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
              (local.set $p (i32.add (local.get $pos) (i32.const 1)))
              (v128.store (local.get $out) (v128.load (local.get $p)))
              (if (i32.gt_u (local.get $len) (i32.const 16))
                (then
                  (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $p)))
                  (if (i32.gt_u (local.get $len) (i32.const 32))
                    (then
                      (v128.store offset=32 (local.get $out) (v128.load offset=32 (local.get $p)))
                      (v128.store offset=48 (local.get $out) (v128.load offset=48 (local.get $p)))))))
              (local.set $pos (i32.add (local.get $p) (local.get $len)))
              (local.set $out (i32.add (local.get $out) (local.get $len)))
              (br $fast)))
          ;; Copy: 1, 2 or 4 offset bytes (type 1 also has 3 offset bits in the tag).
          (local.set $extra (i32.add (local.get $type) (i32.and (i32.shr_u (local.get $type) (i32.const 1)) (local.get $type))))
          (local.set $len
            (select
              (i32.add (i32.and (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 7)) (i32.const 4))
              (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1))
              (i32.eq (local.get $type) (i32.const 1))))
          (local.set $off
            (i32.add
              (select (i32.shl (i32.shr_u (local.get $tag) (i32.const 5)) (i32.const 8)) (i32.const 0) (i32.eq (local.get $type) (i32.const 1)))
              (i32.and
                (i32.load (i32.add (local.get $pos) (i32.const 1)))
                (i32.shr_u (i32.const -1) (i32.and (i32.sub (i32.const 32) (i32.shl (local.get $extra) (i32.const 3))) (i32.const 31))))))
          ;; Offset 0, or reaching before the window: the checked path says which.
          (br_if $slow (i32.ge_u (i32.sub (local.get $off) (i32.const 1)) (i32.sub (local.get $out) (local.get $window))))
          (br_if $slow (i32.lt_u (local.get $off) (i32.const 16)))
          (local.set $from (i32.sub (local.get $out) (local.get $off)))
          (v128.store (local.get $out) (v128.load (local.get $from)))
          (if (i32.gt_u (local.get $len) (i32.const 16))
            (then
              (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $from)))
              (if (i32.gt_u (local.get $len) (i32.const 32))
                (then
                  (v128.store offset=32 (local.get $out) (v128.load offset=32 (local.get $from)))
                  (v128.store offset=48 (local.get $out) (v128.load offset=48 (local.get $from)))))))
          (local.set $pos (i32.add (i32.add (local.get $pos) (i32.const 1)) (local.get $extra)))
          (local.set $out (i32.add (local.get $out) (local.get $len)))
          (br $fast)))
        ;; Reached the target?
        (if (i32.ge_u (local.get $out) (local.get $outEnd))
          (then (local.set $status (i32.const 0)) (br $stop)))
        (if (i32.ge_u (local.get $pos) (local.get $inEnd))
          (then (local.set $status (i32.const 1)) (br $stop)))
        (local.set $tag (i32.load8_u (local.get $pos)))
        (local.set $p (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.eqz (i32.and (local.get $tag) (i32.const 3)))
          (then
            ;; Literal: length in the tag, or in the 1-4 bytes after it.
            (local.set $len (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
            (if (i32.gt_u (local.get $len) (i32.const 60))
              (then
                (local.set $extra (i32.sub (local.get $len) (i32.const 60)))
                (if (i32.gt_u (local.get $extra) (i32.sub (local.get $inEnd) (local.get $p)))
                  (then (local.set $status (i32.const 4)) (br $stop)))
                (local.set $len (i32.load (local.get $p)))
                (if (i32.lt_u (local.get $extra) (i32.const 4))
                  (then (local.set $len (i32.and (local.get $len)
                    (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $extra) (i32.const 3))) (i32.const 1))))))
                (local.set $p (i32.add (local.get $p) (local.get $extra)))
                ;; Lengths past 2 GiB cannot be right (and would wrap below).
                (if (i32.ge_u (local.get $len) (i32.const 0x7fffffff))
                  (then (local.set $status (i32.const 4)) (br $stop)))
                (local.set $len (i32.add (local.get $len) (i32.const 1)))))
            (if (i32.gt_u (local.get $len) (i32.sub (local.get $inEnd) (local.get $p)))
              (then (local.set $status (i32.const 4)) (br $stop)))
            (if (i32.gt_u (local.get $len) (i32.sub (local.get $outLimit) (local.get $out)))
              (then (local.set $status (i32.const 2)) (br $stop)))
            (if (i32.le_u (local.get $len) (i32.const 64))
              (then
                (local.set $k (i32.const 0))
                (loop $literal8
                  (i64.store (i32.add (local.get $out) (local.get $k)) (i64.load (i32.add (local.get $p) (local.get $k))))
                  (local.set $k (i32.add (local.get $k) (i32.const 8)))
                  (br_if $literal8 (i32.lt_u (local.get $k) (local.get $len)))))
              (else (memory.copy (local.get $out) (local.get $p) (local.get $len))))
            (local.set $pos (i32.add (local.get $p) (local.get $len)))
            (local.set $out (i32.add (local.get $out) (local.get $len)))
            (br $next)))
        ;; Copy: length and offset from the tag and 1, 2 or 4 bytes after it.
        (if (i32.eq (i32.and (local.get $tag) (i32.const 3)) (i32.const 1))
          (then
            (if (i32.lt_u (i32.sub (local.get $inEnd) (local.get $p)) (i32.const 1))
              (then (local.set $status (i32.const 4)) (br $stop)))
            (local.set $len (i32.add (i32.and (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 7)) (i32.const 4)))
            (local.set $off (i32.or (i32.shl (i32.shr_u (local.get $tag) (i32.const 5)) (i32.const 8)) (i32.load8_u (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 1))))
          (else
            (local.set $len (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
            (if (i32.eq (i32.and (local.get $tag) (i32.const 3)) (i32.const 2))
              (then
                (if (i32.lt_u (i32.sub (local.get $inEnd) (local.get $p)) (i32.const 2))
                  (then (local.set $status (i32.const 4)) (br $stop)))
                (local.set $off (i32.load16_u (local.get $p)))
                (local.set $p (i32.add (local.get $p) (i32.const 2))))
              (else
                (if (i32.lt_u (i32.sub (local.get $inEnd) (local.get $p)) (i32.const 4))
                  (then (local.set $status (i32.const 4)) (br $stop)))
                (local.set $off (i32.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))))))
        (if (i32.eqz (local.get $off))
          (then (local.set $status (i32.const 5)) (br $stop)))
        (if (i32.gt_u (local.get $off) (i32.sub (local.get $out) (local.get $window)))
          (then (local.set $status (i32.const 3)) (br $stop)))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $outLimit) (local.get $out)))
          (then (local.set $status (i32.const 2)) (br $stop)))
        (local.set $from (i32.sub (local.get $out) (local.get $off)))
        (local.set $reach (select (local.get $from) (local.get $reach) (i32.lt_u (local.get $from) (local.get $reach))))
        (if (i32.ge_u (local.get $off) (i32.const 8))
          (then
            ;; Each 8-byte read lies wholly before what is being written.
            (local.set $k (i32.const 0))
            (loop $copy8
              (i64.store (i32.add (local.get $out) (local.get $k)) (i64.load (i32.add (local.get $from) (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 8)))
              (br_if $copy8 (i32.lt_u (local.get $k) (local.get $len)))))
          (else
            ;; A short offset repeats a pattern: byte by byte.
            (local.set $k (i32.const 0))
            (loop $copy1
              (i32.store8 (i32.add (local.get $out) (local.get $k)) (i32.load8_u (i32.add (local.get $from) (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $copy1 (i32.lt_u (local.get $k) (local.get $len))))))
        (local.set $pos (local.get $p))
        (local.set $out (i32.add (local.get $out) (local.get $len)))
        (br $next)))
    (global.set $pos (local.get $pos))
    (global.set $out (local.get $out))
    (global.set $reach (local.get $reach))
    (local.get $status)))
