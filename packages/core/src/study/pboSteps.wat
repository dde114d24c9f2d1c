;; The revolving-door walk of PBO (overfitting.ts pboSteps) as a WebAssembly kernel with
;; 128-bit SIMD: two trials per instruction in the sum updates, the scores and the rank counts.
;; Every number is computed with the same IEEE operations, in the same order, as pboSteps in
;; JavaScript (f64 add, sub, mul, div, abs and comparisons round and compare alike in both), so
;; the counts — and the logits JavaScript makes from them — are the same to the bit
;; (pboWasm.test.ts checks this against pboSteps).
;;
;; Assembled by scripts/wasm.mjs (pnpm wasm) into pboSteps.wasm.ts (base64): edit this file, not that.
;;
;; Memory (imported; byte offsets set by init): f64 arrays count[blocks], sum[blocks·n],
;; sq[blocks·n], totalSum[n], totalSq[n], and the scratch trainSum, trainSq, trainScore,
;; testScore [n]; i32 masks[C(blocks, blocks/2)]. step writes four i32 at `out`.
(module
  (import "env" "memory" (memory 1))
  (global $n (mut i32) (i32.const 0))
  (global $first (mut i32) (i32.const 0))
  (global $T (mut f64) (f64.const 0))
  (global $trainCount (mut f64) (f64.const 0))
  (global $count (mut i32) (i32.const 0))
  (global $sum (mut i32) (i32.const 0))
  (global $sq (mut i32) (i32.const 0))
  (global $totSum (mut i32) (i32.const 0))
  (global $totSq (mut i32) (i32.const 0))
  (global $trSum (mut i32) (i32.const 0))
  (global $trSq (mut i32) (i32.const 0))
  (global $trScore (mut i32) (i32.const 0))
  (global $teScore (mut i32) (i32.const 0))
  (global $masks (mut i32) (i32.const 0))

  ;; The training sums of split `first`: its blocks added to zeros, in block order.
  (func (export "init")
    (param $n i32) (param $blocks i32) (param $T f64) (param $first i32)
    (param $count i32) (param $sum i32) (param $sq i32) (param $totSum i32) (param $totSq i32)
    (param $trSum i32) (param $trSq i32) (param $trScore i32) (param $teScore i32) (param $masks i32)
    (local $i i32) (local $b i32) (local $mask i32) (local $row i32)
    (global.set $n (local.get $n))
    (global.set $first (local.get $first))
    (global.set $T (local.get $T))
    (global.set $count (local.get $count))
    (global.set $sum (local.get $sum))
    (global.set $sq (local.get $sq))
    (global.set $totSum (local.get $totSum))
    (global.set $totSq (local.get $totSq))
    (global.set $trSum (local.get $trSum))
    (global.set $trSq (local.get $trSq))
    (global.set $trScore (local.get $trScore))
    (global.set $teScore (local.get $teScore))
    (global.set $masks (local.get $masks))
    (global.set $trainCount (f64.const 0))
    (local.set $i (i32.const 0))
    (block $done
      (loop $zero
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f64.store (i32.add (local.get $trSum) (i32.shl (local.get $i) (i32.const 3))) (f64.const 0))
        (f64.store (i32.add (local.get $trSq) (i32.shl (local.get $i) (i32.const 3))) (f64.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $zero)))
    (local.set $mask (i32.load (i32.add (local.get $masks) (i32.shl (local.get $first) (i32.const 2)))))
    (local.set $b (i32.const 0))
    (block $blocksDone
      (loop $eachBlock
        (br_if $blocksDone (i32.ge_u (local.get $b) (local.get $blocks)))
        (if (i32.and (local.get $mask) (i32.shl (i32.const 1) (local.get $b)))
          (then
            (global.set $trainCount
              (f64.add (global.get $trainCount) (f64.load (i32.add (local.get $count) (i32.shl (local.get $b) (i32.const 3))))))
            (local.set $row (i32.shl (i32.mul (local.get $b) (local.get $n)) (i32.const 3)))
            (local.set $i (i32.const 0))
            (block $rowDone
              (loop $eachTrial
                (br_if $rowDone (i32.ge_u (local.get $i) (local.get $n)))
                (f64.store (i32.add (local.get $trSum) (i32.shl (local.get $i) (i32.const 3)))
                  (f64.add
                    (f64.load (i32.add (local.get $trSum) (i32.shl (local.get $i) (i32.const 3))))
                    (f64.load (i32.add (i32.add (local.get $sum) (local.get $row)) (i32.shl (local.get $i) (i32.const 3))))))
                (f64.store (i32.add (local.get $trSq) (i32.shl (local.get $i) (i32.const 3)))
                  (f64.add
                    (f64.load (i32.add (local.get $trSq) (i32.shl (local.get $i) (i32.const 3))))
                    (f64.load (i32.add (i32.add (local.get $sq) (local.get $row)) (i32.shl (local.get $i) (i32.const 3))))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $eachTrial)))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $eachBlock))))

  ;; scoreOf of overfitting.ts, one lane: d > 0 ? s|s| / d : s > 0 ? ∞ : s < 0 ? −∞ : 0. The
  ;; two-lane form is written out in step (a call per pair of trials cost a quarter of the time).
  (func $score1 (param $s f64) (param $d f64) (result f64)
    (if (result f64) (f64.gt (local.get $d) (f64.const 0))
      (then (f64.div (f64.mul (local.get $s) (f64.abs (local.get $s))) (local.get $d)))
      (else
        (if (result f64) (f64.gt (local.get $s) (f64.const 0))
          (then (f64.const inf))
          (else (select (f64.const -inf) (f64.const 0) (f64.lt (local.get $s) (f64.const 0))))))))

  ;; Split c of the walk: swaps its block in and the previous split's out (c > first), then,
  ;; when `scored`, writes at `out` how many test scores are below and equal to the test score
  ;; of the training half's best, and the same for the mirror split (training scores against
  ;; the test half's best): the counts of overfitting.ts splitLogit.
  (func (export "step") (param $c i32) (param $scored i32) (param $out i32)
    (local $n i32) (local $i i32) (local $pairs i32) (local $a i32)
    (local $prev i32) (local $cur i32) (local $bo i32) (local $bi i32) (local $ro i32) (local $ri i32)
    (local $testCount f64) (local $ss v128) (local $dd v128) (local $s v128) (local $q v128) (local $st v128)
    (local $s1 f64) (local $q1 f64) (local $st1 f64)
    (local $bestTrain i32) (local $bestTest i32) (local $bt f64) (local $bs f64) (local $v f64)
    (local $t1 f64) (local $t2 f64) (local $t1v v128) (local $t2v v128)
    (local $less1 v128) (local $equal1 v128) (local $less2 v128) (local $equal2 v128) (local $x v128) (local $y v128)
    (local $l1 i32) (local $e1 i32) (local $l2 i32) (local $e2 i32)
    (local.set $n (global.get $n))
    ;; Pairs of trials cover [0, pairs); an odd last trial is done one lane wide.
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (if (i32.gt_s (local.get $c) (global.get $first))
      (then
        (local.set $prev (i32.load (i32.add (global.get $masks) (i32.shl (i32.sub (local.get $c) (i32.const 1)) (i32.const 2)))))
        (local.set $cur (i32.load (i32.add (global.get $masks) (i32.shl (local.get $c) (i32.const 2)))))
        (local.set $bo (i32.sub (i32.const 31) (i32.clz (i32.and (local.get $prev) (i32.xor (local.get $cur) (i32.const -1))))))
        (local.set $bi (i32.sub (i32.const 31) (i32.clz (i32.and (local.get $cur) (i32.xor (local.get $prev) (i32.const -1))))))
        (global.set $trainCount
          (f64.add (global.get $trainCount)
            (f64.sub
              (f64.load (i32.add (global.get $count) (i32.shl (local.get $bi) (i32.const 3))))
              (f64.load (i32.add (global.get $count) (i32.shl (local.get $bo) (i32.const 3)))))))
        (local.set $ro (i32.shl (i32.mul (local.get $bo) (local.get $n)) (i32.const 3)))
        (local.set $ri (i32.shl (i32.mul (local.get $bi) (local.get $n)) (i32.const 3)))
        ;; trainSum[i] += sum[ri + i] − sum[ro + i]; trainSq likewise.
        (local.set $i (i32.const 0))
        (block $updated
          (loop $update
            (br_if $updated (i32.ge_u (local.get $i) (local.get $pairs)))
            (local.set $a (i32.shl (local.get $i) (i32.const 3)))
            (v128.store (i32.add (global.get $trSum) (local.get $a))
              (f64x2.add
                (v128.load (i32.add (global.get $trSum) (local.get $a)))
                (f64x2.sub
                  (v128.load (i32.add (i32.add (global.get $sum) (local.get $ri)) (local.get $a)))
                  (v128.load (i32.add (i32.add (global.get $sum) (local.get $ro)) (local.get $a))))))
            (v128.store (i32.add (global.get $trSq) (local.get $a))
              (f64x2.add
                (v128.load (i32.add (global.get $trSq) (local.get $a)))
                (f64x2.sub
                  (v128.load (i32.add (i32.add (global.get $sq) (local.get $ri)) (local.get $a)))
                  (v128.load (i32.add (i32.add (global.get $sq) (local.get $ro)) (local.get $a))))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $update)))
        (if (i32.lt_u (local.get $pairs) (local.get $n))
          (then
            (local.set $a (i32.shl (local.get $pairs) (i32.const 3)))
            (f64.store (i32.add (global.get $trSum) (local.get $a))
              (f64.add
                (f64.load (i32.add (global.get $trSum) (local.get $a)))
                (f64.sub
                  (f64.load (i32.add (i32.add (global.get $sum) (local.get $ri)) (local.get $a)))
                  (f64.load (i32.add (i32.add (global.get $sum) (local.get $ro)) (local.get $a))))))
            (f64.store (i32.add (global.get $trSq) (local.get $a))
              (f64.add
                (f64.load (i32.add (global.get $trSq) (local.get $a)))
                (f64.sub
                  (f64.load (i32.add (i32.add (global.get $sq) (local.get $ri)) (local.get $a)))
                  (f64.load (i32.add (i32.add (global.get $sq) (local.get $ro)) (local.get $a))))))))))
    (if (i32.eqz (local.get $scored)) (then (return)))
    (local.set $testCount (f64.sub (global.get $T) (global.get $trainCount)))
    ;; Scores: training half from the training sums, test half from the totals minus them.
    (local.set $i (i32.const 0))
    (block $scoredAll
      (loop $scoring
        (br_if $scoredAll (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $a (i32.shl (local.get $i) (i32.const 3)))
        (local.set $s (v128.load (i32.add (global.get $trSum) (local.get $a))))
        (local.set $q (v128.load (i32.add (global.get $trSq) (local.get $a))))
        ;; Training half: s = Σx, dd = c·Σx² − s².
        (local.set $ss (local.get $s))
        (local.set $dd (f64x2.sub (f64x2.mul (f64x2.splat (global.get $trainCount)) (local.get $q)) (f64x2.mul (local.get $s) (local.get $s))))
        ;; trScore = scoreOf(ss, dd) in both lanes: dd > 0 ? ss|ss| / dd : ss > 0 ? ∞ : ss < 0 ? −∞ : 0.
        (v128.store (i32.add (global.get $trScore) (local.get $a))
          (v128.bitselect
            (f64x2.div (f64x2.mul (local.get $ss) (f64x2.abs (local.get $ss))) (local.get $dd))
            (v128.bitselect
              (v128.const f64x2 inf inf)
              (v128.bitselect (v128.const f64x2 -inf -inf) (v128.const f64x2 0 0) (f64x2.lt (local.get $ss) (v128.const f64x2 0 0)))
              (f64x2.gt (local.get $ss) (v128.const f64x2 0 0)))
            (f64x2.gt (local.get $dd) (v128.const f64x2 0 0))))
        ;; Test half: the totals minus the training sums.
        (local.set $st (f64x2.sub (v128.load (i32.add (global.get $totSum) (local.get $a))) (local.get $s)))
        (local.set $ss (local.get $st))
        (local.set $dd
          (f64x2.sub
            (f64x2.mul (f64x2.splat (local.get $testCount)) (f64x2.sub (v128.load (i32.add (global.get $totSq) (local.get $a))) (local.get $q)))
            (f64x2.mul (local.get $st) (local.get $st))))
        ;; teScore = scoreOf(ss, dd) in both lanes: dd > 0 ? ss|ss| / dd : ss > 0 ? ∞ : ss < 0 ? −∞ : 0.
        (v128.store (i32.add (global.get $teScore) (local.get $a))
          (v128.bitselect
            (f64x2.div (f64x2.mul (local.get $ss) (f64x2.abs (local.get $ss))) (local.get $dd))
            (v128.bitselect
              (v128.const f64x2 inf inf)
              (v128.bitselect (v128.const f64x2 -inf -inf) (v128.const f64x2 0 0) (f64x2.lt (local.get $ss) (v128.const f64x2 0 0)))
              (f64x2.gt (local.get $ss) (v128.const f64x2 0 0)))
            (f64x2.gt (local.get $dd) (v128.const f64x2 0 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $scoring)))
    (if (i32.lt_u (local.get $pairs) (local.get $n))
      (then
        (local.set $a (i32.shl (local.get $pairs) (i32.const 3)))
        (local.set $s1 (f64.load (i32.add (global.get $trSum) (local.get $a))))
        (local.set $q1 (f64.load (i32.add (global.get $trSq) (local.get $a))))
        (f64.store (i32.add (global.get $trScore) (local.get $a))
          (call $score1 (local.get $s1)
            (f64.sub (f64.mul (global.get $trainCount) (local.get $q1)) (f64.mul (local.get $s1) (local.get $s1)))))
        (local.set $st1 (f64.sub (f64.load (i32.add (global.get $totSum) (local.get $a))) (local.get $s1)))
        (f64.store (i32.add (global.get $teScore) (local.get $a))
          (call $score1 (local.get $st1)
            (f64.sub
              (f64.mul (local.get $testCount) (f64.sub (f64.load (i32.add (global.get $totSq) (local.get $a))) (local.get $q1)))
              (f64.mul (local.get $st1) (local.get $st1)))))))
    ;; The best of each half: the first trial with the highest score.
    (local.set $bt (f64.load (global.get $trScore)))
    (local.set $bs (f64.load (global.get $teScore)))
    (local.set $i (i32.const 1))
    (block $found
      (loop $seek
        (br_if $found (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.shl (local.get $i) (i32.const 3)))
        (local.set $v (f64.load (i32.add (global.get $trScore) (local.get $a))))
        (if (f64.gt (local.get $v) (local.get $bt)) (then (local.set $bt (local.get $v)) (local.set $bestTrain (local.get $i))))
        (local.set $v (f64.load (i32.add (global.get $teScore) (local.get $a))))
        (if (f64.gt (local.get $v) (local.get $bs)) (then (local.set $bs (local.get $v)) (local.set $bestTest (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $seek)))
    (local.set $t1 (f64.load (i32.add (global.get $teScore) (i32.shl (local.get $bestTrain) (i32.const 3)))))
    (local.set $t2 (f64.load (i32.add (global.get $trScore) (i32.shl (local.get $bestTest) (i32.const 3)))))
    (local.set $t1v (f64x2.splat (local.get $t1)))
    (local.set $t2v (f64x2.splat (local.get $t2)))
    ;; Rank counts; a lane's comparison is all ones (−1) when true.
    (local.set $i (i32.const 0))
    (block $counted
      (loop $counting
        (br_if $counted (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $a (i32.shl (local.get $i) (i32.const 3)))
        (local.set $x (v128.load (i32.add (global.get $teScore) (local.get $a))))
        (local.set $less1 (i64x2.sub (local.get $less1) (f64x2.lt (local.get $x) (local.get $t1v))))
        (local.set $equal1 (i64x2.sub (local.get $equal1) (f64x2.eq (local.get $x) (local.get $t1v))))
        (local.set $y (v128.load (i32.add (global.get $trScore) (local.get $a))))
        (local.set $less2 (i64x2.sub (local.get $less2) (f64x2.lt (local.get $y) (local.get $t2v))))
        (local.set $equal2 (i64x2.sub (local.get $equal2) (f64x2.eq (local.get $y) (local.get $t2v))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $counting)))
    (local.set $l1 (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $less1)) (i64x2.extract_lane 1 (local.get $less1)))))
    (local.set $e1 (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $equal1)) (i64x2.extract_lane 1 (local.get $equal1)))))
    (local.set $l2 (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $less2)) (i64x2.extract_lane 1 (local.get $less2)))))
    (local.set $e2 (i32.wrap_i64 (i64.add (i64x2.extract_lane 0 (local.get $equal2)) (i64x2.extract_lane 1 (local.get $equal2)))))
    (if (i32.lt_u (local.get $pairs) (local.get $n))
      (then
        (local.set $a (i32.shl (local.get $pairs) (i32.const 3)))
        (local.set $v (f64.load (i32.add (global.get $teScore) (local.get $a))))
        (local.set $l1 (i32.add (local.get $l1) (f64.lt (local.get $v) (local.get $t1))))
        (local.set $e1 (i32.add (local.get $e1) (f64.eq (local.get $v) (local.get $t1))))
        (local.set $v (f64.load (i32.add (global.get $trScore) (local.get $a))))
        (local.set $l2 (i32.add (local.get $l2) (f64.lt (local.get $v) (local.get $t2))))
        (local.set $e2 (i32.add (local.get $e2) (f64.eq (local.get $v) (local.get $t2))))))
    (i32.store (local.get $out) (local.get $l1))
    (i32.store offset=4 (local.get $out) (local.get $e1))
    (i32.store offset=8 (local.get $out) (local.get $l2))
    (i32.store offset=12 (local.get $out) (local.get $e2))))
