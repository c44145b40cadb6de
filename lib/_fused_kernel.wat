;; The fused EM pass of lib/fused.ts in WebAssembly SIMD: two points per step
;; (f64x2), the same operations in the same order as the TypeScript loop, so
;; each point's log-densities, exp() values and responsibilities are the same
;; numbers; only the order of the running sums differs (even and odd points
;; are summed in separate lanes).
;;
;; Compiled by tools/build_wasm.ts into lib/_fused_kernel_bytes.ts.
;;
;; Memory (bytes; per-component values are stored twice, one per lane):
;;   0      2^(j/64), j = 0..63 (written by the host)
;;   512    μ_h            1536  1/(2σ_h²)      2560  log λ_h − log σ_h − log √(2π)
;;   3584   c_h, the centres the sums are taken around
;;   4608   log w_h                             5632  e_h = exp(log w_h − max)
;;   6656   Σ r (lanes: even, odd points)       7680  Σ r (x − c)      8704  Σ r (x − c)²
;;   16384  the points of this chunk
;; At most 64 components.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 5)

  ;; pass(pairs, k, block): adds 2·pairs points (at 16384) into the sums and
  ;; returns their log-likelihood; log() is taken once per `block` pairs.
  (func (export "pass") (param $pairs i32) (param $k i32) (param $block i32) (result f64)
    (local $i i32) (local $end i32) (local $h i32) (local $o i32) (local $v i32)
    (local $x v128) (local $d v128) (local $val v128) (local $max v128) (local $s v128)
    (local $t v128) (local $tc v128) (local $q v128) (local $r v128) (local $p v128)
    (local $big v128) (local $u v128) (local $j v128) (local $y v128) (local $band v128)
    (local $inv v128) (local $rd v128) (local $prod v128) (local $sumMax v128)
    (local $ll f64)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $end (i32.add (local.get $i) (local.get $block)))
        (if (i32.gt_u (local.get $end) (local.get $pairs))
          (then (local.set $end (local.get $pairs))))
        (local.set $prod (v128.const f64x2 1 1))
        (loop $points
          (local.set $x (v128.load offset=16384 (i32.shl (local.get $i) (i32.const 4))))
          ;; log w_h = offset_h − (x − μ_h)² · 1/(2σ_h²), and their maximum
          (local.set $max (v128.const f64x2 -inf -inf))
          (local.set $h (i32.const 0))
          (loop $densities
            (local.set $o (i32.shl (local.get $h) (i32.const 4)))
            (local.set $d (f64x2.sub (local.get $x) (v128.load offset=512 (local.get $o))))
            (local.set $val
              (f64x2.sub
                (v128.load offset=2560 (local.get $o))
                (f64x2.mul
                  (f64x2.mul (local.get $d) (local.get $d))
                  (v128.load offset=1536 (local.get $o)))))
            (v128.store offset=4608 (local.get $o) (local.get $val))
            (local.set $max (f64x2.pmax (local.get $max) (local.get $val)))
            (br_if $densities
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          ;; e_h = exp(log w_h − max): 2^(q/64) · P(r), as in fused.ts
          (local.set $s (v128.const f64x2 0 0))
          (local.set $h (i32.const 0))
          (loop $exps
            (local.set $v (i32.shl (local.get $h) (i32.const 4)))
            (local.set $t (f64x2.sub (v128.load offset=4608 (local.get $v)) (local.get $max)))
            (local.set $tc (f64x2.pmax (local.get $t) (v128.const f64x2 -708 -708)))
            ;; t·64/ln2 + 1.5·2^52 holds round(t·64/ln2) = q in its low mantissa bits
            (local.set $big
              (f64x2.add
                (f64x2.mul (local.get $tc) (v128.const f64x2 92.33248261689366 92.33248261689366))
                (v128.const f64x2 6755399441055744 6755399441055744)))
            (local.set $q (f64x2.sub (local.get $big) (v128.const f64x2 6755399441055744 6755399441055744)))
            ;; u = q + 1023·64 ≥ 0 (as t ≥ −708): u mod 64 = q mod 64, u >> 6 = (q >> 6) + 1023
            (local.set $u
              (i64x2.sub (local.get $big) (v128.const i64x2 4843621399236902976 4843621399236902976)))
            (local.set $r
              (f64x2.sub
                (f64x2.sub
                  (local.get $tc)
                  (f64x2.mul (local.get $q) (v128.const f64x2 0.01083042469326756 0.01083042469326756)))
                (f64x2.mul
                  (local.get $q)
                  (v128.const f64x2 2.9815858269852933e-12 2.9815858269852933e-12))))
            (local.set $p
              (f64x2.add
                (f64x2.add (v128.const f64x2 1 1) (local.get $r))
                (f64x2.mul
                  (f64x2.mul (local.get $r) (local.get $r))
                  (f64x2.add
                    (v128.const f64x2 0.5 0.5)
                    (f64x2.mul
                      (local.get $r)
                      (f64x2.add
                        (v128.const f64x2 0.16666666666666666 0.16666666666666666)
                        (f64x2.mul
                          (local.get $r)
                          (f64x2.add
                            (v128.const f64x2 0.041666666666666664 0.041666666666666664)
                            (f64x2.mul
                              (local.get $r)
                              (f64x2.add
                                (v128.const f64x2 0.008333333333333333 0.008333333333333333)
                                (f64x2.mul
                                  (local.get $r)
                                  (v128.const f64x2 0.001388888888888889 0.001388888888888889))))))))))))
            (local.set $j
              (i64x2.shl (v128.and (local.get $u) (v128.const i64x2 63 63)) (i32.const 3)))
            (local.set $y
              (f64x2.mul
                (f64x2.mul
                  (f64x2.replace_lane 1
                    (f64x2.splat (f64.load (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j)))))
                    (f64.load (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j)))))
                  (local.get $p))
                ;; 2^(q >> 6), built from its exponent bits
                (i64x2.shl (i64x2.shr_u (local.get $u) (i32.const 6)) (i32.const 52))))
            ;; below −746 the result is 0; between −746 and −708 it is Math.exp's
            (if (v128.any_true (f64x2.lt (local.get $t) (v128.const f64x2 -708 -708)))
              (then
                (local.set $y
                  (v128.andnot
                    (local.get $y)
                    (f64x2.lt (local.get $t) (v128.const f64x2 -746 -746))))
                (local.set $band
                  (v128.and
                    (f64x2.lt (local.get $t) (v128.const f64x2 -708 -708))
                    (f64x2.ge (local.get $t) (v128.const f64x2 -746 -746))))
                (if (i64.ne (i64x2.extract_lane 0 (local.get $band)) (i64.const 0))
                  (then
                    (local.set $y
                      (f64x2.replace_lane 0
                        (local.get $y)
                        (call $exp (f64x2.extract_lane 0 (local.get $t)))))))
                (if (i64.ne (i64x2.extract_lane 1 (local.get $band)) (i64.const 0))
                  (then
                    (local.set $y
                      (f64x2.replace_lane 1
                        (local.get $y)
                        (call $exp (f64x2.extract_lane 1 (local.get $t)))))))))
            (v128.store offset=5632 (local.get $v) (local.get $y))
            (local.set $s (f64x2.add (local.get $s) (local.get $y)))
            (br_if $exps
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          (local.set $sumMax (f64x2.add (local.get $sumMax) (local.get $max)))
          (local.set $prod (f64x2.mul (local.get $prod) (local.get $s)))
          (local.set $inv (f64x2.div (v128.const f64x2 1 1) (local.get $s)))
          ;; r_h = e_h / s; Σ r, Σ r (x − c_h), Σ r (x − c_h)²
          (local.set $h (i32.const 0))
          (loop $sums
            (local.set $v (i32.shl (local.get $h) (i32.const 4)))
            (local.set $r (f64x2.mul (v128.load offset=5632 (local.get $v)) (local.get $inv)))
            (local.set $d (f64x2.sub (local.get $x) (v128.load offset=3584 (local.get $v))))
            (local.set $rd (f64x2.mul (local.get $r) (local.get $d)))
            (v128.store offset=6656 (local.get $v)
              (f64x2.add (v128.load offset=6656 (local.get $v)) (local.get $r)))
            (v128.store offset=7680 (local.get $v)
              (f64x2.add (v128.load offset=7680 (local.get $v)) (local.get $rd)))
            (v128.store offset=8704 (local.get $v)
              (f64x2.add
                (v128.load offset=8704 (local.get $v))
                (f64x2.mul (local.get $rd) (local.get $d))))
            (br_if $sums
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          (br_if $points
            (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $end))))
        (local.set $ll
          (f64.add
            (local.get $ll)
            (f64.add
              (call $log (f64x2.extract_lane 0 (local.get $prod)))
              (call $log (f64x2.extract_lane 1 (local.get $prod))))))
        (br $blocks)))
    (f64.add
      (local.get $ll)
      (f64.add (f64x2.extract_lane 0 (local.get $sumMax)) (f64x2.extract_lane 1 (local.get $sumMax))))))
