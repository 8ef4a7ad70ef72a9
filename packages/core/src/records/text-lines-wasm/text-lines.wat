;; JSON Lines whose values are all texts given as UTF-8: `{"a":"…","b":null}\n` a row at a time, the
;; WebAssembly twin of the loop that record-lines.ts used to run in JavaScript. Written here, the loop
;; runs at full speed from its first row: in a fresh process the JavaScript loop ran 30-40 ns a byte
;; for its first row groups (cold code, then deoptimisations) against 2.5 once optimised, and a
;; filter on 2M records writes 20 MB of lines from two cold threads. Memory belongs to the caller
;; (../wasm-text-lines.ts), which places the keys' descriptors at 0 and the bytes they point to.
;;
;; A key's descriptor is 5 i32 at keys + 20 * k: where its prefix (`{"a":` or `,"b":`) is and its
;; length, where its text bytes start, and where its Int32 `starts` and `ends` (one per row) are. A
;; row's text is bytes[start, end), null when start is negative.
;;
;; lines(keys, nkeys, row, count, out, outLimit) writes rows from `row` on into `out` until `count`,
;; and returns why it stopped:
;;   0 every row written   1 the row's text needs escaping (a control, quote, backslash or any byte
;;   past ASCII: the caller writes it as JSON.stringify would)   2 the row's line does not fit before
;;   outLimit
;; On 1 and 2 nothing of that row is written. The next row and the output's end are read back with
;; row() and out().
(module
  (memory (export "memory") 1)
  (global $row (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (func (export "row") (result i32) (global.get $row))
  (func (export "out") (result i32) (global.get $out))

  (func (export "lines")
    (param $keys i32) (param $nkeys i32) (param $row i32) (param $count i32) (param $out i32) (param $outLimit i32)
    (result i32)
    (local $status i32) (local $k i32) (local $d i32) (local $size i32) (local $start i32) (local $end i32)
    (local $at i32) (local $p i32) (local $e i32) (local $byte i32) (local $v v128)
    (block $stop
      (loop $rows
        (if (i32.ge_s (local.get $row) (local.get $count))
          (then (local.set $status (i32.const 0)) (br $stop)))

        ;; The line's size: `}` and the newline, then each key's prefix and quoted text or null.
        (local.set $size (i32.const 2))
        (local.set $k (i32.const 0))
        (block $sized
          (loop $sizing
            (br_if $sized (i32.ge_s (local.get $k) (local.get $nkeys)))
            (local.set $d (i32.add (local.get $keys) (i32.mul (local.get $k) (i32.const 20))))
            (local.set $start (i32.load (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $row) (i32.const 2)))))
            (local.set $size (i32.add (local.get $size) (i32.load offset=4 (local.get $d))))
            (if (i32.lt_s (local.get $start) (i32.const 0))
              (then (local.set $size (i32.add (local.get $size) (i32.const 4))))
              (else
                (local.set $end (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $row) (i32.const 2)))))
                (local.set $size (i32.add (local.get $size) (i32.add (i32.sub (local.get $end) (local.get $start)) (i32.const 2))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $sizing)))
        (if (i32.gt_s (i32.add (local.get $out) (local.get $size)) (local.get $outLimit))
          (then (local.set $status (i32.const 2)) (br $stop)))

        (local.set $at (local.get $out))
        (local.set $k (i32.const 0))
        (block $written
          (loop $key
            (br_if $written (i32.ge_s (local.get $k) (local.get $nkeys)))
            (local.set $d (i32.add (local.get $keys) (i32.mul (local.get $k) (i32.const 20))))
            (memory.copy (local.get $at) (i32.load (local.get $d)) (i32.load offset=4 (local.get $d)))
            (local.set $at (i32.add (local.get $at) (i32.load offset=4 (local.get $d))))
            (local.set $start (i32.load (i32.add (i32.load offset=12 (local.get $d)) (i32.shl (local.get $row) (i32.const 2)))))
            (if (i32.lt_s (local.get $start) (i32.const 0))
              (then
                ;; "null", little-endian
                (i32.store (local.get $at) (i32.const 0x6c6c756e))
                (local.set $at (i32.add (local.get $at) (i32.const 4))))
              (else
                (local.set $end (i32.load (i32.add (i32.load offset=16 (local.get $d)) (i32.shl (local.get $row) (i32.const 2)))))
                (local.set $p (i32.add (i32.load offset=8 (local.get $d)) (local.get $start)))
                (local.set $e (i32.add (i32.load offset=8 (local.get $d)) (local.get $end)))
                (i32.store8 (local.get $at) (i32.const 0x22))
                (local.set $at (i32.add (local.get $at) (i32.const 1)))
                ;; 16 bytes at a time: a byte outside 0x20-0x7e (bytes below 0x20 wrap past 0x5e once
                ;; 0x20 is taken away), a quote or a backslash sends the row back to the caller.
                (block $blocks
                  (loop $block
                    (br_if $blocks (i32.gt_s (i32.add (local.get $p) (i32.const 16)) (local.get $e)))
                    (local.set $v (v128.load (local.get $p)))
                    (if (v128.any_true
                          (v128.or
                            (i8x16.gt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x5e)))
                            (v128.or
                              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
                              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))))
                      (then (local.set $status (i32.const 1)) (br $stop)))
                    (v128.store (local.get $at) (local.get $v))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (local.set $at (i32.add (local.get $at) (i32.const 16)))
                    (br $block)))
                (block $tail
                  (loop $byte
                    (br_if $tail (i32.ge_s (local.get $p) (local.get $e)))
                    (local.set $byte (i32.load8_u (local.get $p)))
                    (if (i32.or
                          (i32.gt_u (i32.sub (local.get $byte) (i32.const 0x20)) (i32.const 0x5e))
                          (i32.or (i32.eq (local.get $byte) (i32.const 0x22)) (i32.eq (local.get $byte) (i32.const 0x5c))))
                      (then (local.set $status (i32.const 1)) (br $stop)))
                    (i32.store8 (local.get $at) (local.get $byte))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (local.set $at (i32.add (local.get $at) (i32.const 1)))
                    (br $byte)))
                (i32.store8 (local.get $at) (i32.const 0x22))
                (local.set $at (i32.add (local.get $at) (i32.const 1)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $key)))
        ;; "}\n"
        (i32.store16 (local.get $at) (i32.const 0x0a7d))
        (local.set $out (i32.add (local.get $at) (i32.const 2)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (global.set $row (local.get $row))
    (global.set $out (local.get $out))
    (local.get $status))
)
