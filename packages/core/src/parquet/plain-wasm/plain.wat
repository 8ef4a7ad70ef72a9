;; A walk over a PLAIN text page's values (each a 4-byte length, then its bytes) to the rows a reader
;; wants (../wasm-plain.ts): every value before the last of them is stepped over by its length, and
;; only the wanted ones are reported. Memory belongs to the caller, which copies in the definition
;; levels, the wanted rows and a stretch of the page's bytes.
;;
;; walk(bytes, size, readable, defined, take, rows, to, out) -> status goes on from row k, value
;; want (globals, set by the caller) over the stretch bytes[0, size): the page's bytes from where
;; the walk stands, of which the reader can read [0, readable) (readable >= size). defined holds a
;; 0 for each null row of the page (or is 0: none is null); rows[want, to) are the wanted rows, in
;; the page, ascending (a row may repeat). Wanted value w is reported in out[2w], out[2w + 1] (its
;; start and end in the stretch; -1 and 0 for a null row). Returns
;;   0: every row to `take` walked   1: the walk needs the stretch's bytes up to needEnd
;;   2: a length that cannot be right (past 2 GiB)
;; and leaves k, want and at (the stretch bytes walked) in the globals.
(module
  (memory (export "memory") 1)
  (global $k (export "k") (mut i32) (i32.const 0))
  (global $want (export "want") (mut i32) (i32.const 0))
  (global $at (export "at") (mut i32) (i32.const 0))
  (global $needEnd (export "needEnd") (mut i32) (i32.const 0))

  (func (export "walk")
    (param $bytes i32) (param $size i32) (param $readable i32) (param $defined i32) (param $take i32)
    (param $rows i32) (param $to i32) (param $out i32) (result i32)
    (local $k i32) (local $want i32) (local $p i32) (local $next i32) (local $length i32) (local $status i32)
    (local.set $k (global.get $k))
    (local.set $want (global.get $want))
    ;; The next wanted row, or -1 past the last.
    (local.set $next (select (i32.load (i32.add (local.get $rows) (i32.shl (local.get $want) (i32.const 2)))) (i32.const -1) (i32.lt_u (local.get $want) (local.get $to))))
    (block $stop
      (loop $row
        (br_if $stop (i32.ge_u (local.get $k) (local.get $take)))
        (if (local.get $defined)
          (then
            (if (i32.eqz (i32.load (i32.add (local.get $defined) (i32.shl (local.get $k) (i32.const 2)))))
              (then
                ;; A null row: wanted, it is reported as null.
                (block $nulls (loop $null
                  (br_if $nulls (i32.ne (local.get $next) (local.get $k)))
                  (i32.store (i32.add (local.get $out) (i32.shl (local.get $want) (i32.const 3))) (i32.const -1))
                  (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $want) (i32.const 3))) (i32.const 0))
                  (local.set $want (i32.add (local.get $want) (i32.const 1)))
                  (local.set $next (select (i32.load (i32.add (local.get $rows) (i32.shl (local.get $want) (i32.const 2)))) (i32.const -1) (i32.lt_u (local.get $want) (local.get $to))))
                  (br $null)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $row)))))
        (if (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $size))
          (then
            (global.set $needEnd (i32.add (local.get $p) (i32.const 4)))
            (local.set $status (i32.const 1))
            (br $stop)))
        (local.set $length (i32.load (i32.add (local.get $bytes) (local.get $p))))
        (if (i32.ge_u (local.get $length) (i32.const 0x7fff0000))
          (then (local.set $status (i32.const 2)) (br $stop)))
        (if (i32.eq (local.get $next) (local.get $k))
          (then
            ;; A wanted value: its bytes must be readable before it is reported.
            (if (i32.gt_u (i32.add (i32.add (local.get $p) (i32.const 4)) (local.get $length)) (local.get $readable))
              (then
                (global.set $needEnd (i32.add (i32.add (local.get $p) (i32.const 4)) (local.get $length)))
                (local.set $status (i32.const 1))
                (br $stop)))
            (block $values (loop $value
              (br_if $values (i32.ne (local.get $next) (local.get $k)))
              (i32.store (i32.add (local.get $out) (i32.shl (local.get $want) (i32.const 3))) (i32.add (local.get $p) (i32.const 4)))
              (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $want) (i32.const 3))) (i32.add (i32.add (local.get $p) (i32.const 4)) (local.get $length)))
              (local.set $want (i32.add (local.get $want) (i32.const 1)))
              (local.set $next (select (i32.load (i32.add (local.get $rows) (i32.shl (local.get $want) (i32.const 2)))) (i32.const -1) (i32.lt_u (local.get $want) (local.get $to))))
              (br $value)))))
        (local.set $p (i32.add (i32.add (local.get $p) (i32.const 4)) (local.get $length)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row)))
    (global.set $k (local.get $k))
    (global.set $want (local.get $want))
    (global.set $at (local.get $p))
    (local.get $status)))
