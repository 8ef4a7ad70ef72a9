;; Distinct byte strings (keys: error messages, dictionary entries; ../byte-table.ts): an open-addressing hash
;; table over them, and their order. Memory belongs to the caller, which places the regions and
;; sets the globals:
;;   keys: 3 i32 a key (hash, start in the arena, length; length -1 for the null key, in no slot);
;;   slots: mask + 1 of 16 bytes, a key's hash, index + 1 (0: empty), start and length (a probe
;;     reads its slot and the bytes, not the key's record too), at most two-thirds full;
;;   arena: the keys' bytes, arenaEnd bytes used.
;;
;; intern(input, starts, lengths, hashes, n, out) -> count: key i of the input is lengths[i] bytes
;; from input + starts[i], its hash hashes[i] (hashes 0: hashed here; a key's record holds its
;; hash, which another thread's table may pass on); a negative length is a null key, out[i] = -1.
;; Otherwise out[i] is the key's index, a new key appended (index count, its bytes at the arena's
;; end). The caller has made room for n more keys and their bytes.
;;
;; rehash(): every key but the null key into the slots (zeroed by the caller).
;;
;; sort(order, n): n elements of 16 bytes from order, each a key's index at byte 8 (not the null
;; key; bytes 0-7 are the sort's), ordered by the keys' bytes as UTF-16 code units order the texts
;; they encode (valid UTF-8 only: the caller sorts other texts itself).
(module
  (memory (export "memory") 1)
  (global $keys (export "keys") (mut i32) (i32.const 0))
  (global $slots (export "slots") (mut i32) (i32.const 0))
  (global $mask (export "mask") (mut i32) (i32.const 0))
  (global $arena (export "arena") (mut i32) (i32.const 0))
  (global $arenaEnd (export "arenaEnd") (mut i32) (i32.const 0))
  (global $count (export "count") (mut i32) (i32.const 0))

  ;; murmur3's mixing, a word at a time, the last bytes one at a time.
  (func $hash (param $p i32) (param $length i32) (result i32)
    (local $h i32) (local $end i32) (local $k i32)
    (local.set $h (i32.mul (local.get $length) (i32.const 0x9e3779b1)))
    (local.set $end (i32.add (local.get $p) (i32.and (local.get $length) (i32.const -4))))
    (block $words (loop $word
      (br_if $words (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $k (i32.mul (i32.rotl (i32.mul (i32.load (local.get $p)) (i32.const 0xcc9e2d51)) (i32.const 15)) (i32.const 0x1b873593)))
      (local.set $h (i32.add (i32.mul (i32.rotl (i32.xor (local.get $h) (local.get $k)) (i32.const 13)) (i32.const 5)) (i32.const 0xe6546b64)))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $word)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $length) (i32.const 3))))
    (block $bytes (loop $byte
      (br_if $bytes (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load8_u (local.get $p))) (i32.const 0x01000193)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $byte)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; Whether `length` bytes at a and b are the same.
  (func $same (param $a i32) (param $b i32) (param $length i32) (result i32)
    (block $words (loop $word
      (br_if $words (i32.lt_u (local.get $length) (i32.const 8)))
      (if (i64.ne (i64.load (local.get $a)) (i64.load (local.get $b))) (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $length (i32.sub (local.get $length) (i32.const 8)))
      (br $word)))
    (block $bytes (loop $byte
      (br_if $bytes (i32.eqz (local.get $length)))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))) (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $length (i32.sub (local.get $length) (i32.const 1)))
      (br $byte)))
    (i32.const 1))

  (func $record (param $key i32) (result i32)
    (i32.add (global.get $keys) (i32.mul (local.get $key) (i32.const 12))))

  (func (export "intern") (param $input i32) (param $starts i32) (param $lengths i32) (param $hashes i32) (param $n i32) (param $out i32) (result i32)
    (local $i i32) (local $length i32) (local $p i32)
    (local $h i32) (local $slot i32) (local $held i32) (local $at i32) (local $found i32) (local $record i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $length (i32.load (i32.add (local.get $lengths) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.lt_s (local.get $length) (i32.const 0))
        (then (local.set $found (i32.const -1)))
        (else
          (local.set $p (i32.add (local.get $input) (i32.load (i32.add (local.get $starts) (i32.shl (local.get $i) (i32.const 2))))))
          (local.set $h
            (if (result i32) (local.get $hashes)
              (then (i32.load (i32.add (local.get $hashes) (i32.shl (local.get $i) (i32.const 2)))))
              (else (call $hash (local.get $p) (local.get $length)))))
          (local.set $slot (i32.and (local.get $h) (global.get $mask)))
          (block $placed (loop $probe
            (local.set $at (i32.add (global.get $slots) (i32.shl (local.get $slot) (i32.const 4))))
            (local.set $held (i32.load offset=4 (local.get $at)))
            (if (i32.eqz (local.get $held))
              (then
                ;; A new key.
                (local.set $found (global.get $count))
                (local.set $record (i32.add (global.get $keys) (i32.mul (local.get $found) (i32.const 12))))
                (i32.store (local.get $record) (local.get $h))
                (i32.store offset=4 (local.get $record) (global.get $arenaEnd))
                (i32.store offset=8 (local.get $record) (local.get $length))
                (i32.store (local.get $at) (local.get $h))
                (i32.store offset=4 (local.get $at) (i32.add (local.get $found) (i32.const 1)))
                (i32.store offset=8 (local.get $at) (global.get $arenaEnd))
                (i32.store offset=12 (local.get $at) (local.get $length))
                (memory.copy (i32.add (global.get $arena) (global.get $arenaEnd)) (local.get $p) (local.get $length))
                (global.set $arenaEnd (i32.add (global.get $arenaEnd) (local.get $length)))
                (global.set $count (i32.add (global.get $count) (i32.const 1)))
                (br $placed)))
            (local.set $found (i32.sub (local.get $held) (i32.const 1)))
            (if (i32.and
                  (i32.eq (i32.load (local.get $at)) (local.get $h))
                  (i32.eq (i32.load offset=12 (local.get $at)) (local.get $length)))
              (then
                (br_if $placed (call $same (i32.add (global.get $arena) (i32.load offset=8 (local.get $at))) (local.get $p) (local.get $length)))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $mask)))
            (br $probe)))))
      (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $found))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
    (global.get $count))

  (func (export "rehash")
    (local $key i32) (local $slot i32) (local $record i32) (local $at i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $key) (global.get $count)))
      (local.set $record (call $record (local.get $key)))
      (if (i32.ge_s (i32.load offset=8 (local.get $record)) (i32.const 0))
        (then
          (local.set $slot (i32.and (i32.load (local.get $record)) (global.get $mask)))
          (block $placed (loop $probe
            (local.set $at (i32.add (global.get $slots) (i32.shl (local.get $slot) (i32.const 4))))
            (br_if $placed (i32.eqz (i32.load offset=4 (local.get $at))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (global.get $mask)))
            (br $probe)))
          (i32.store (local.get $at) (i32.load (local.get $record)))
          (i32.store offset=4 (local.get $at) (i32.add (local.get $key) (i32.const 1)))
          (i32.store offset=8 (local.get $at) (i32.load offset=4 (local.get $record)))
          (i32.store offset=12 (local.get $at) (i32.load offset=8 (local.get $record)))))
      (local.set $key (i32.add (local.get $key) (i32.const 1)))
      (br $each))))

  ;; Seven characters of a key from byte `depth` on, nine bits each, as one number that orders
  ;; them: 0 past the key's end, else the byte + 1, a lead byte as UTF-16 orders the characters it
  ;; starts: those of four bytes (surrogate pairs, 0xd800-0xdbff) before those from U+E000 (lead
  ;; bytes 0xee, 0xef). Every byte from 0xee on is a lead byte; other bytes order as they are.
  (func $digit (param $key i32) (param $depth i32) (result i64)
    (local $p i32) (local $end i32) (local $i i32) (local $byte i32) (local $digit i64)
    (local.set $p (i32.add (global.get $arena) (i32.load offset=4 (call $record (local.get $key)))))
    (local.set $end (i32.load offset=8 (call $record (local.get $key))))
    (local.set $i (local.get $depth))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $depth) (i32.const 7))))
      (local.set $byte (i32.const 0))
      (if (i32.lt_u (local.get $i) (local.get $end))
        (then
          (local.set $byte (i32.load8_u (i32.add (local.get $p) (local.get $i))))
          (if (i32.ge_u (local.get $byte) (i32.const 0xf0))
            (then (local.set $byte (i32.sub (local.get $byte) (i32.const 2))))
            (else (if (i32.ge_u (local.get $byte) (i32.const 0xee)) (then (local.set $byte (i32.add (local.get $byte) (i32.const 5)))))))
          (local.set $byte (i32.add (local.get $byte) (i32.const 1)))))
      (local.set $digit (i64.or (i64.shl (local.get $digit) (i64.const 9)) (i64.extend_i32_u (local.get $byte))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each)))
    (local.get $digit))

  ;; Element i of a sort: 16 bytes, the key's current digit (i64) and the key (i32).
  (func $element (param $order i32) (param $i i32) (result i32)
    (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 4))))

  (func $swap (param $order i32) (param $i i32) (param $j i32)
    (local $a i32) (local $b i32) (local $digit i64) (local $key i32)
    (local.set $a (call $element (local.get $order) (local.get $i)))
    (local.set $b (call $element (local.get $order) (local.get $j)))
    (local.set $digit (i64.load (local.get $a)))
    (local.set $key (i32.load offset=8 (local.get $a)))
    (i64.store (local.get $a) (i64.load (local.get $b)))
    (i32.store offset=8 (local.get $a) (i32.load offset=8 (local.get $b)))
    (i64.store (local.get $b) (local.get $digit))
    (i32.store offset=8 (local.get $b) (local.get $key)))

  (func $digitOf (param $order i32) (param $i i32) (result i64)
    (i64.load (call $element (local.get $order) (local.get $i))))

  ;; How many first bytes the keys of elements [lo, hi) share, knowing they share `depth`.
  (func $shared (param $order i32) (param $lo i32) (param $hi i32) (param $depth i32) (result i32)
    (local $first i32) (local $pa i32) (local $most i32) (local $key i32) (local $pb i32)
    (local $length i32) (local $i i32) (local $x i64)
    (local.set $first (call $record (i32.load offset=8 (call $element (local.get $order) (local.get $lo)))))
    (local.set $pa (i32.add (global.get $arena) (i32.load offset=4 (local.get $first))))
    (local.set $most (i32.load offset=8 (local.get $first)))
    (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $lo) (local.get $hi)))
      (local.set $key (call $record (i32.load offset=8 (call $element (local.get $order) (local.get $lo)))))
      (local.set $pb (i32.add (global.get $arena) (i32.load offset=4 (local.get $key))))
      (local.set $length (i32.load offset=8 (local.get $key)))
      (if (i32.lt_u (local.get $length) (local.get $most)) (then (local.set $most (local.get $length))))
      (local.set $i (local.get $depth))
      (block $differ
        (block $words (loop $word
          (br_if $words (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $most)))
          (local.set $x (i64.xor (i64.load (i32.add (local.get $pa) (local.get $i))) (i64.load (i32.add (local.get $pb) (local.get $i)))))
          (if (i64.ne (local.get $x) (i64.const 0))
            (then
              (local.set $i (i32.add (local.get $i) (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $x)) (i64.const 3)))))
              (br $differ)))
          (local.set $i (i32.add (local.get $i) (i32.const 8)))
          (br $word)))
        (block $bytes (loop $byte
          (br_if $bytes (i32.ge_u (local.get $i) (local.get $most)))
          (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $pa) (local.get $i))) (i32.load8_u (i32.add (local.get $pb) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $byte))))
      (local.set $most (local.get $i))
      (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
      (br $each)))
    (local.get $most))

  ;; Elements [lo, hi) by their digits: three-way quicksort, insertion sort below 16; the smaller
  ;; side recurses, the larger loops. (The element arithmetic is written out: V8 does not inline
  ;; calls between WebAssembly functions, and a call per access doubled the time.)
  (func $byDigit (param $order i32) (param $lo i32) (param $hi i32)
    (local $i i32) (local $j i32) (local $lt i32) (local $gt i32) (local $pivot i64) (local $digit i64)
    (local $a i32) (local $b i32) (local $key i32) (local $other i64)
    (loop $part
      (if (i32.lt_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 16))
        (then
          (local.set $i (i32.add (local.get $lo) (i32.const 1)))
          (block $sorted (loop $each
            (br_if $sorted (i32.ge_u (local.get $i) (local.get $hi)))
            (local.set $a (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 4))))
            (local.set $digit (i64.load (local.get $a)))
            (local.set $key (i32.load offset=8 (local.get $a)))
            (block $placed (loop $shift
              (br_if $placed (i32.le_u (local.get $a) (i32.add (local.get $order) (i32.shl (local.get $lo) (i32.const 4)))))
              (local.set $other (i64.load (i32.sub (local.get $a) (i32.const 16))))
              (br_if $placed (i64.le_u (local.get $other) (local.get $digit)))
              (i64.store (local.get $a) (local.get $other))
              (i32.store offset=8 (local.get $a) (i32.load (i32.sub (local.get $a) (i32.const 8))))
              (local.set $a (i32.sub (local.get $a) (i32.const 16)))
              (br $shift)))
            (i64.store (local.get $a) (local.get $digit))
            (i32.store offset=8 (local.get $a) (local.get $key))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $each)))
          (return)))
      (call $swap (local.get $order) (local.get $lo) (i32.add (local.get $lo) (i32.shr_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 1))))
      (local.set $pivot (i64.load (i32.add (local.get $order) (i32.shl (local.get $lo) (i32.const 4)))))
      ;; [lo, lt) less, [lt, i) the same, [i, gt) not seen, [gt, hi) more; a and b point at i and lt.
      (local.set $lt (local.get $lo))
      (local.set $i (i32.add (local.get $lo) (i32.const 1)))
      (local.set $gt (local.get $hi))
      (block $split (loop $each
        (br_if $split (i32.ge_u (local.get $i) (local.get $gt)))
        (local.set $a (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 4))))
        (local.set $digit (i64.load (local.get $a)))
        (if (i64.lt_u (local.get $digit) (local.get $pivot))
          (then
            (local.set $b (i32.add (local.get $order) (i32.shl (local.get $lt) (i32.const 4))))
            (local.set $key (i32.load offset=8 (local.get $a)))
            (i64.store (local.get $a) (i64.load (local.get $b)))
            (i32.store offset=8 (local.get $a) (i32.load offset=8 (local.get $b)))
            (i64.store (local.get $b) (local.get $digit))
            (i32.store offset=8 (local.get $b) (local.get $key))
            (local.set $lt (i32.add (local.get $lt) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else
            (if (i64.gt_u (local.get $digit) (local.get $pivot))
              (then
                (local.set $gt (i32.sub (local.get $gt) (i32.const 1)))
                (local.set $b (i32.add (local.get $order) (i32.shl (local.get $gt) (i32.const 4))))
                (local.set $key (i32.load offset=8 (local.get $a)))
                (i64.store (local.get $a) (i64.load (local.get $b)))
                (i32.store offset=8 (local.get $a) (i32.load offset=8 (local.get $b)))
                (i64.store (local.get $b) (local.get $digit))
                (i32.store offset=8 (local.get $b) (local.get $key)))
              (else (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
        (br $each)))
      (if (i32.lt_u (i32.sub (local.get $lt) (local.get $lo)) (i32.sub (local.get $hi) (local.get $gt)))
        (then
          (call $byDigit (local.get $order) (local.get $lo) (local.get $lt))
          (local.set $lo (local.get $gt)))
        (else
          (call $byDigit (local.get $order) (local.get $gt) (local.get $hi))
          (local.set $hi (local.get $lt))))
      (br $part)))

  ;; Elements [lo, hi), whose keys share their first `depth` bytes, by their keys: past the bytes
  ;; they all share (53k messages that differ only after 52 bytes: read once a key), by the next
  ;; seven characters, then each run of keys alike in those by the seven after. Every run but the
  ;; largest recurses, the largest loops: the stack stays O(log n) deep.
  (func $sortFrom (param $order i32) (param $lo i32) (param $hi i32) (param $depth i32)
    (local $i i32) (local $j i32) (local $digit i64) (local $bigLo i32) (local $bigHi i32)
    (loop $level
      (if (i32.lt_u (i32.sub (local.get $hi) (local.get $lo)) (i32.const 2)) (then (return)))
      (local.set $depth (call $shared (local.get $order) (local.get $lo) (local.get $hi) (local.get $depth)))
      (local.set $i (local.get $lo))
      (block $read (loop $each
        (br_if $read (i32.ge_u (local.get $i) (local.get $hi)))
        (i64.store (call $element (local.get $order) (local.get $i)) (call $digit (i32.load offset=8 (call $element (local.get $order) (local.get $i))) (local.get $depth)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
      (call $byDigit (local.get $order) (local.get $lo) (local.get $hi))
      ;; Runs of one digit whose keys go on past it (distinct keys alike in a digit that ends one
      ;; are not: such runs have one key).
      (local.set $bigLo (local.get $lo))
      (local.set $bigHi (local.get $lo))
      (local.set $i (local.get $lo))
      (block $runs (loop $run
        (br_if $runs (i32.ge_u (local.get $i) (local.get $hi)))
        (local.set $digit (call $digitOf (local.get $order) (local.get $i)))
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $ended (loop $same
          (br_if $ended (i32.ge_u (local.get $j) (local.get $hi)))
          (br_if $ended (i64.ne (i64.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 4)))) (local.get $digit)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $same)))
        (if (i32.gt_u (i32.sub (local.get $j) (local.get $i)) (i32.const 1))
          (then
            (if (i32.gt_u (i32.sub (local.get $j) (local.get $i)) (i32.sub (local.get $bigHi) (local.get $bigLo)))
              (then
                (call $sortFrom (local.get $order) (local.get $bigLo) (local.get $bigHi) (i32.add (local.get $depth) (i32.const 7)))
                (local.set $bigLo (local.get $i))
                (local.set $bigHi (local.get $j)))
              (else (call $sortFrom (local.get $order) (local.get $i) (local.get $j) (i32.add (local.get $depth) (i32.const 7)))))))
        (local.set $i (local.get $j))
        (br $run)))
      (local.set $lo (local.get $bigLo))
      (local.set $hi (local.get $bigHi))
      (local.set $depth (i32.add (local.get $depth) (i32.const 7)))
      (br $level)))

  (func (export "sort") (param $order i32) (param $n i32)
    (call $sortFrom (local.get $order) (i32.const 0) (local.get $n) (i32.const 0))))
