;; One partition of two runs' identifier entries compared (../identifier-partition.ts): a hash
;; table of the distinct identifiers, what each run holds of each, the five counts, and each set's
;; rows. Memory belongs to the caller (../identifier-partition.ts), which places the entries (i32
;; words: [hash high][hash low][row][length | failing << 31], the bytes zero-padded to a word; the
;; base's in words [0, headStart), the head's in [headStart, end)) and zeroed tables after them.
;;
;; entries(words, end) -> how many entries words [0, end) hold.
;;
;; compare(words, headStart, end, mask, slots, lows, keys, state, distinct, out): slots and lows
;; are mask + 1 i32s (zero), keys and distinct an i32 per entry, state a byte per entry (zero); out
;; gets the five counts (newlyFailing, fixed, stillFailing, added, removed) in its first five i32s.
;;
;; mark(words, headStart, end, state, distinct, lists, out, write) then goes over each set's rows:
;; without `write` it counts them into out[5 + set]; with it, it writes set s's rows from i32
;; out[10 + s] of `lists` on, out[5 + s] (zero again) counting them. Two passes, so the lists take
;; only the room they need.
(module
  (memory (export "memory") 1)

  (func $size (param $words i32) (param $at i32) (result i32)
    (i32.add (i32.const 4)
      (i32.shr_u
        (i32.add (i32.and (i32.load offset=12 (i32.add (local.get $words) (i32.shl (local.get $at) (i32.const 2)))) (i32.const 0x7fffffff)) (i32.const 3))
        (i32.const 2))))

  (func (export "entries") (param $words i32) (param $end i32) (result i32)
    (local $at i32) (local $count i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $at (i32.add (local.get $at) (call $size (local.get $words) (local.get $at))))
      (local.set $count (i32.add (local.get $count) (i32.const 1)))
      (br $each)))
    (local.get $count))

  ;; Whether the identifier words of two entries of the same size match (their padding is zero).
  (func $same (param $words i32) (param $a i32) (param $b i32) (param $size i32) (result i32)
    (local $k i32)
    (local.set $k (i32.const 4))
    (block $differ (loop $each
      (if (i32.ge_u (local.get $k) (local.get $size)) (then (return (i32.const 1))))
      (br_if $differ (i32.ne
        (i32.load (i32.add (local.get $words) (i32.shl (i32.add (local.get $a) (local.get $k)) (i32.const 2))))
        (i32.load (i32.add (local.get $words) (i32.shl (i32.add (local.get $b) (local.get $k)) (i32.const 2))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each)))
    (i32.const 0))

  ;; Row `row` of list `list` (0-4): counted in out[5 + list], and with `write` stored at i32
  ;; out[10 + list] + that count of `lists`.
  (func $mark (param $lists i32) (param $out i32) (param $write i32) (param $list i32) (param $row i32)
    (local $lengthAt i32) (local $length i32)
    (local.set $lengthAt (i32.add (local.get $out) (i32.shl (i32.add (i32.const 5) (local.get $list)) (i32.const 2))))
    (local.set $length (i32.load (local.get $lengthAt)))
    (if (local.get $write)
      (then
        (i32.store
          (i32.add (local.get $lists)
            (i32.shl
              (i32.add (i32.load (i32.add (local.get $out) (i32.shl (i32.add (i32.const 10) (local.get $list)) (i32.const 2)))) (local.get $length))
              (i32.const 2)))
          (local.get $row))))
    (i32.store (local.get $lengthAt) (i32.add (local.get $length) (i32.const 1))))

  (func $count (param $out i32) (param $which i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $out) (i32.shl (local.get $which) (i32.const 2))))
    (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1))))

  (func (export "compare")
    (param $words i32) (param $headStart i32) (param $end i32) (param $mask i32) (param $slots i32)
    (param $lows i32) (param $keys i32) (param $state i32) (param $distinctOf i32) (param $out i32)
    (local $at i32) (local $entry i32) (local $distinct i32) (local $high i32) (local $low i32)
    (local $header i32) (local $length i32) (local $size i32) (local $slot i32) (local $held i32)
    (local $found i32) (local $key i32) (local $flags i32) (local $d i32) (local $base i32)
    ;; Each entry to its distinct identifier, and what each run holds of it.
    (block $built (loop $each
      (br_if $built (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $base (i32.add (local.get $words) (i32.shl (local.get $at) (i32.const 2))))
      (local.set $high (i32.load (local.get $base)))
      (local.set $low (i32.load offset=4 (local.get $base)))
      (local.set $header (i32.load offset=12 (local.get $base)))
      (local.set $length (i32.and (local.get $header) (i32.const 0x7fffffff)))
      (local.set $size (i32.add (i32.const 4) (i32.shr_u (i32.add (local.get $length) (i32.const 3)) (i32.const 2))))
      (local.set $slot (i32.and (i32.xor (local.get $low) (i32.shr_u (local.get $high) (i32.const 7))) (local.get $mask)))
      (local.set $found (i32.const -1))
      (block $probed (loop $probe
        (local.set $held (i32.load (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 2)))))
        (br_if $probed (i32.eqz (local.get $held)))
        (if (i32.eq (i32.load (i32.add (local.get $lows) (i32.shl (local.get $slot) (i32.const 2)))) (local.get $low))
          (then
            (local.set $key (i32.load (i32.add (local.get $keys) (i32.shl (i32.sub (local.get $held) (i32.const 1)) (i32.const 2)))))
            (if (i32.and
                  (i32.and
                    (i32.eq (i32.load (i32.add (local.get $words) (i32.shl (local.get $key) (i32.const 2)))) (local.get $high))
                    (i32.eq (i32.and (i32.load offset=12 (i32.add (local.get $words) (i32.shl (local.get $key) (i32.const 2)))) (i32.const 0x7fffffff)) (local.get $length)))
                  (call $same (local.get $words) (local.get $key) (local.get $at) (local.get $size)))
              (then
                (local.set $found (i32.sub (local.get $held) (i32.const 1)))
                (br $probed)))))
        (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
        (br $probe)))
      (if (i32.lt_s (local.get $found) (i32.const 0))
        (then
          (local.set $found (local.get $distinct))
          (local.set $distinct (i32.add (local.get $distinct) (i32.const 1)))
          (i32.store (i32.add (local.get $keys) (i32.shl (local.get $found) (i32.const 2))) (local.get $at))
          (i32.store (i32.add (local.get $slots) (i32.shl (local.get $slot) (i32.const 2))) (i32.add (local.get $found) (i32.const 1)))
          (i32.store (i32.add (local.get $lows) (i32.shl (local.get $slot) (i32.const 2))) (local.get $low))))
      ;; Present (1) and failing (2) in the base; present (4) and failing (8) in the head.
      (i32.store8 (i32.add (local.get $state) (local.get $found))
        (i32.or (i32.load8_u (i32.add (local.get $state) (local.get $found)))
          (i32.shl
            (i32.or (i32.const 1) (i32.shl (i32.shr_u (local.get $header) (i32.const 31)) (i32.const 1)))
            (select (i32.const 0) (i32.const 2) (i32.lt_u (local.get $at) (local.get $headStart))))))
      (i32.store (i32.add (local.get $distinctOf) (i32.shl (local.get $entry) (i32.const 2))) (local.get $found))
      (local.set $entry (i32.add (local.get $entry) (i32.const 1)))
      (local.set $at (i32.add (local.get $at) (local.get $size)))
      (br $each)))
    ;; The five counts, by distinct identifier.
    (block $counted (loop $each
      (br_if $counted (i32.ge_u (local.get $d) (local.get $distinct)))
      (local.set $flags (i32.load8_u (i32.add (local.get $state) (local.get $d))))
      (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 8)) (i32.const 0)) (i32.eqz (i32.and (local.get $flags) (i32.const 2))))
        (then (call $count (local.get $out) (i32.const 0))))
      (if (i32.and (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 2)) (i32.const 0)) (i32.ne (i32.and (local.get $flags) (i32.const 4)) (i32.const 0)))
            (i32.eqz (i32.and (local.get $flags) (i32.const 8))))
        (then (call $count (local.get $out) (i32.const 1))))
      (if (i32.eq (i32.and (local.get $flags) (i32.const 10)) (i32.const 10))
        (then (call $count (local.get $out) (i32.const 2))))
      (if (i32.eq (i32.and (local.get $flags) (i32.const 5)) (i32.const 4))
        (then (call $count (local.get $out) (i32.const 3))))
      (if (i32.eq (i32.and (local.get $flags) (i32.const 5)) (i32.const 1))
        (then (call $count (local.get $out) (i32.const 4))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $each))))

  ;; Each set's rows: every record of its identifiers in the run the set is listed from.
  (func (export "mark")
    (param $words i32) (param $headStart i32) (param $end i32) (param $state i32) (param $distinctOf i32)
    (param $lists i32) (param $out i32) (param $write i32)
    (local $at i32) (local $entry i32) (local $flags i32) (local $base i32)
    (block $marked (loop $each
      (br_if $marked (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $base (i32.add (local.get $words) (i32.shl (local.get $at) (i32.const 2))))
      (local.set $flags (i32.load8_u (i32.add (local.get $state)
        (i32.load (i32.add (local.get $distinctOf) (i32.shl (local.get $entry) (i32.const 2)))))))
      (if (i32.lt_u (local.get $at) (local.get $headStart))
        (then
          (if (i32.eqz (i32.and (local.get $flags) (i32.const 4)))
            (then (call $mark (local.get $lists) (local.get $out) (local.get $write) (i32.const 4) (i32.load offset=8 (local.get $base))))))
        (else
          (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 8)) (i32.const 0)) (i32.eqz (i32.and (local.get $flags) (i32.const 2))))
            (then (call $mark (local.get $lists) (local.get $out) (local.get $write) (i32.const 0) (i32.load offset=8 (local.get $base)))))
          (if (i32.and (i32.ne (i32.and (local.get $flags) (i32.const 2)) (i32.const 0)) (i32.eqz (i32.and (local.get $flags) (i32.const 8))))
            (then (call $mark (local.get $lists) (local.get $out) (local.get $write) (i32.const 1) (i32.load offset=8 (local.get $base)))))
          (if (i32.eq (i32.and (local.get $flags) (i32.const 10)) (i32.const 10))
            (then (call $mark (local.get $lists) (local.get $out) (local.get $write) (i32.const 2) (i32.load offset=8 (local.get $base)))))
          (if (i32.eqz (i32.and (local.get $flags) (i32.const 1)))
            (then (call $mark (local.get $lists) (local.get $out) (local.get $write) (i32.const 3) (i32.load offset=8 (local.get $base)))))))
      (local.set $entry (i32.add (local.get $entry) (i32.const 1)))
      (local.set $at (i32.add (local.get $at) (call $size (local.get $words) (local.get $at))))
      (br $each)))))
