;; The fused EM pass of lib/core/fused.ts in WebAssembly SIMD: four points per
;; step (two f64x2 vectors), the same operations in the same order as the
;; TypeScript loop, so each point's log-densities, exp() values and
;; responsibilities are the same numbers; only the order of the running sums
;; differs (the four lanes are summed separately).
;;
;; Compiled by tools/build_wasm.ts into lib/core/fused/_kernel_1d_bytes.ts.
;;
;; Log-densities are kept in units of ln 2 / 256, so that exp(t) = 2^(t/256)
;; needs no multiply for its argument reduction: q = round(t), r = t − q
;; (exact), exp = 2^(q >> 8) · 2^((q & 255)/256) · P(r), P of degree 4.
;;
;; Memory (bytes; per-component values are stored once per lane):
;;   0      2^(j/256), j = 0..255 (written by the host)
;;   2048   μ_h            3072  1/(2σ_h²)·u    4096  (log λ_h − log σ_h − log √(2π))·u
;;   5120   c_h, the centres the sums are taken around          (u = 256/ln 2)
;;   6144   Σ r            8192  Σ r (x − c)    10240 Σ r (x − c)²   (two vectors per h)
;;   12288  log w_h        14336 e_h = exp(log w_h − max)            (two vectors per h)
;;   16384  the points of this chunk
;; At most 64 components.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 5)

  ;; exp() where t < −708 (natural units) in some lane: 0 below −746, else
  ;; Math.exp(t · ln2/256).
  (func $tail (param $t v128) (param $y v128) (result v128)
    (local.set $y
      (v128.andnot
        (local.get $y)
        (f64x2.lt (local.get $t) (v128.const f64x2 -261485.59077104283 -261485.59077104283))))
    (if (i32.and
          (f64.lt (f64x2.extract_lane 0 (local.get $t)) (f64.const -261485.59077104283))
          (f64.ge (f64x2.extract_lane 0 (local.get $t)) (f64.const -275520.12812881067)))
      (then
        (local.set $y
          (f64x2.replace_lane 0
            (local.get $y)
            (call $exp
              (f64.mul (f64x2.extract_lane 0 (local.get $t)) (f64.const 0.0027076061740622863)))))))
    (if (i32.and
          (f64.lt (f64x2.extract_lane 1 (local.get $t)) (f64.const -261485.59077104283))
          (f64.ge (f64x2.extract_lane 1 (local.get $t)) (f64.const -275520.12812881067)))
      (then
        (local.set $y
          (f64x2.replace_lane 1
            (local.get $y)
            (call $exp
              (f64.mul (f64x2.extract_lane 1 (local.get $t)) (f64.const 0.0027076061740622863)))))))
    (local.get $y))

  ;; pass(quads, k, block): adds 4·quads points (at 16384) into the sums and
  ;; returns their log-likelihood; log() is taken once per `block` quads.
  (func (export "pass") (param $quads i32) (param $k i32) (param $block i32) (result f64)
    (local $i i32) (local $end i32) (local $h i32) (local $o i32) (local $w i32)
    (local $mu v128) (local $hp v128) (local $off v128) (local $c v128)
    (local $x0 v128) (local $d0 v128) (local $val0 v128) (local $max0 v128) (local $s0 v128)
    (local $t0 v128) (local $tc0 v128) (local $big0 v128) (local $u0 v128)
    (local $r0 v128) (local $p0 v128) (local $j0 v128) (local $y0 v128) (local $inv0 v128)
    (local $rd0 v128) (local $prod0 v128) (local $sumMax0 v128)
    (local $x1 v128) (local $d1 v128) (local $val1 v128) (local $max1 v128) (local $s1 v128)
    (local $t1 v128) (local $tc1 v128) (local $big1 v128) (local $u1 v128)
    (local $r1 v128) (local $p1 v128) (local $j1 v128) (local $y1 v128) (local $inv1 v128)
    (local $rd1 v128) (local $prod1 v128) (local $sumMax1 v128)
    (local $ll f64)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $quads)))
        (local.set $end (i32.add (local.get $i) (local.get $block)))
        (if (i32.gt_u (local.get $end) (local.get $quads))
          (then (local.set $end (local.get $quads))))
        (local.set $prod0 (v128.const f64x2 1 1))
        (local.set $prod1 (v128.const f64x2 1 1))
        (loop $points
          (local.set $x0 (v128.load offset=16384 (i32.shl (local.get $i) (i32.const 5))))
          (local.set $x1 (v128.load offset=16400 (i32.shl (local.get $i) (i32.const 5))))
          ;; log w_h = offset_h − (x − μ_h)² · 1/(2σ_h²) (in units of ln2/256), and their maximum
          (local.set $max0 (v128.const f64x2 -inf -inf))
          (local.set $max1 (v128.const f64x2 -inf -inf))
          (local.set $h (i32.const 0))
          (loop $densities
            (local.set $o (i32.shl (local.get $h) (i32.const 4)))
            (local.set $w (i32.shl (local.get $h) (i32.const 5)))
            (local.set $mu (v128.load offset=2048 (local.get $o)))
            (local.set $hp (v128.load offset=3072 (local.get $o)))
            (local.set $off (v128.load offset=4096 (local.get $o)))
            (local.set $d0 (f64x2.sub (local.get $x0) (local.get $mu)))
            (local.set $val0
              (f64x2.sub
                (local.get $off)
                (f64x2.mul (f64x2.mul (local.get $d0) (local.get $d0)) (local.get $hp))))
            (v128.store offset=12288 (local.get $w) (local.get $val0))
            (local.set $max0 (f64x2.pmax (local.get $max0) (local.get $val0)))
            (local.set $d1 (f64x2.sub (local.get $x1) (local.get $mu)))
            (local.set $val1
              (f64x2.sub
                (local.get $off)
                (f64x2.mul (f64x2.mul (local.get $d1) (local.get $d1)) (local.get $hp))))
            (v128.store offset=12304 (local.get $w) (local.get $val1))
            (local.set $max1 (f64x2.pmax (local.get $max1) (local.get $val1)))
            (br_if $densities
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          ;; e_h = exp(log w_h − max): 2^(q/256) · P(r), as in fused.ts
          (local.set $s0 (v128.const f64x2 0 0))
          (local.set $s1 (v128.const f64x2 0 0))
          (local.set $h (i32.const 0))
          (loop $exps
            (local.set $w (i32.shl (local.get $h) (i32.const 5)))
            (local.set $t0 (f64x2.sub (v128.load offset=12288 (local.get $w)) (local.get $max0)))
            (local.set $t1 (f64x2.sub (v128.load offset=12304 (local.get $w)) (local.get $max1)))
            (local.set $tc0
              (f64x2.pmax (local.get $t0) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
            ;; t + 1.5·2^52 holds q = round(t) in its low mantissa bits
            (local.set $big0
              (f64x2.add (local.get $tc0) (v128.const f64x2 6755399441055744 6755399441055744)))
            (local.set $r0
              (f64x2.sub
                (local.get $tc0)
                (f64x2.sub (local.get $big0) (v128.const f64x2 6755399441055744 6755399441055744))))
            ;; u = q + 1023·256 ≥ 0 (as t ≥ −708 ln-units): u mod 256 = q mod 256,
            ;; u >> 8 = (q >> 8) + 1023
            (local.set $u0
              (i64x2.sub
                (local.get $big0)
                (v128.const i64x2 4843621399236706560 4843621399236706560)))
            (local.set $p0
              (f64x2.add
                (v128.const f64x2 1 1)
                (f64x2.mul
                  (local.get $r0)
                  (f64x2.add
                    (v128.const f64x2 0.0027076061740622863 0.0027076061740622863)
                    (f64x2.mul
                      (local.get $r0)
                      (f64x2.add
                        (v128.const f64x2 0.000003665565596910106 0.000003665565596910106)
                        (f64x2.mul
                          (local.get $r0)
                          (f64x2.add
                            (v128.const f64x2 3.308302680541371e-9 3.308302680541371e-9)
                            (f64x2.mul
                              (local.get $r0)
                              (v128.const f64x2 2.239395190875157e-12 2.239395190875157e-12))))))))))
            (local.set $j0
              (i64x2.shl (v128.and (local.get $u0) (v128.const i64x2 255 255)) (i32.const 3)))
            (local.set $y0
              (f64x2.mul
                (f64x2.mul
                  (f64x2.replace_lane 1
                    (f64x2.splat (f64.load (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j0)))))
                    (f64.load (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j0)))))
                  (local.get $p0))
                ;; 2^(q >> 8), built from its exponent bits
                (i64x2.shl (i64x2.shr_u (local.get $u0) (i32.const 8)) (i32.const 52))))
            ;; below −746 the result is 0; between −746 and −708 it is Math.exp's
            (if (v128.any_true
                  (f64x2.lt (local.get $t0) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
              (then (local.set $y0 (call $tail (local.get $t0) (local.get $y0)))))
            (local.set $tc1
              (f64x2.pmax (local.get $t1) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
            ;; t + 1.5·2^52 holds q = round(t) in its low mantissa bits
            (local.set $big1
              (f64x2.add (local.get $tc1) (v128.const f64x2 6755399441055744 6755399441055744)))
            (local.set $r1
              (f64x2.sub
                (local.get $tc1)
                (f64x2.sub (local.get $big1) (v128.const f64x2 6755399441055744 6755399441055744))))
            ;; u = q + 1023·256 ≥ 0 (as t ≥ −708 ln-units): u mod 256 = q mod 256,
            ;; u >> 8 = (q >> 8) + 1023
            (local.set $u1
              (i64x2.sub
                (local.get $big1)
                (v128.const i64x2 4843621399236706560 4843621399236706560)))
            (local.set $p1
              (f64x2.add
                (v128.const f64x2 1 1)
                (f64x2.mul
                  (local.get $r1)
                  (f64x2.add
                    (v128.const f64x2 0.0027076061740622863 0.0027076061740622863)
                    (f64x2.mul
                      (local.get $r1)
                      (f64x2.add
                        (v128.const f64x2 0.000003665565596910106 0.000003665565596910106)
                        (f64x2.mul
                          (local.get $r1)
                          (f64x2.add
                            (v128.const f64x2 3.308302680541371e-9 3.308302680541371e-9)
                            (f64x2.mul
                              (local.get $r1)
                              (v128.const f64x2 2.239395190875157e-12 2.239395190875157e-12))))))))))
            (local.set $j1
              (i64x2.shl (v128.and (local.get $u1) (v128.const i64x2 255 255)) (i32.const 3)))
            (local.set $y1
              (f64x2.mul
                (f64x2.mul
                  (f64x2.replace_lane 1
                    (f64x2.splat (f64.load (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j1)))))
                    (f64.load (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j1)))))
                  (local.get $p1))
                ;; 2^(q >> 8), built from its exponent bits
                (i64x2.shl (i64x2.shr_u (local.get $u1) (i32.const 8)) (i32.const 52))))
            ;; below −746 the result is 0; between −746 and −708 it is Math.exp's
            (if (v128.any_true
                  (f64x2.lt (local.get $t1) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
              (then (local.set $y1 (call $tail (local.get $t1) (local.get $y1)))))
            (v128.store offset=14336 (local.get $w) (local.get $y0))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $y0)))
            (v128.store offset=14352 (local.get $w) (local.get $y1))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $y1)))
            (br_if $exps
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          (local.set $sumMax0 (f64x2.add (local.get $sumMax0) (local.get $max0)))
          (local.set $prod0 (f64x2.mul (local.get $prod0) (local.get $s0)))
          (local.set $inv0 (f64x2.div (v128.const f64x2 1 1) (local.get $s0)))
          (local.set $sumMax1 (f64x2.add (local.get $sumMax1) (local.get $max1)))
          (local.set $prod1 (f64x2.mul (local.get $prod1) (local.get $s1)))
          (local.set $inv1 (f64x2.div (v128.const f64x2 1 1) (local.get $s1)))
          ;; r_h = e_h / s; Σ r, Σ r (x − c_h), Σ r (x − c_h)²
          (local.set $h (i32.const 0))
          (loop $sums
            (local.set $w (i32.shl (local.get $h) (i32.const 5)))
            (local.set $c (v128.load offset=5120 (i32.shl (local.get $h) (i32.const 4))))
            (local.set $r0 (f64x2.mul (v128.load offset=14336 (local.get $w)) (local.get $inv0)))
            (local.set $d0 (f64x2.sub (local.get $x0) (local.get $c)))
            (local.set $rd0 (f64x2.mul (local.get $r0) (local.get $d0)))
            (v128.store offset=6144 (local.get $w)
              (f64x2.add (v128.load offset=6144 (local.get $w)) (local.get $r0)))
            (v128.store offset=8192 (local.get $w)
              (f64x2.add (v128.load offset=8192 (local.get $w)) (local.get $rd0)))
            (v128.store offset=10240 (local.get $w)
              (f64x2.add
                (v128.load offset=10240 (local.get $w))
                (f64x2.mul (local.get $rd0) (local.get $d0))))
            (local.set $r1 (f64x2.mul (v128.load offset=14352 (local.get $w)) (local.get $inv1)))
            (local.set $d1 (f64x2.sub (local.get $x1) (local.get $c)))
            (local.set $rd1 (f64x2.mul (local.get $r1) (local.get $d1)))
            (v128.store offset=6160 (local.get $w)
              (f64x2.add (v128.load offset=6160 (local.get $w)) (local.get $r1)))
            (v128.store offset=8208 (local.get $w)
              (f64x2.add (v128.load offset=8208 (local.get $w)) (local.get $rd1)))
            (v128.store offset=10256 (local.get $w)
              (f64x2.add
                (v128.load offset=10256 (local.get $w))
                (f64x2.mul (local.get $rd1) (local.get $d1))))
            (br_if $sums
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          (br_if $points
            (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $end))))
        (local.set $ll
          (f64.add
            (local.get $ll)
            (f64.add
              (f64.add
                (call $log (f64x2.extract_lane 0 (local.get $prod0)))
                (call $log (f64x2.extract_lane 1 (local.get $prod0))))
              (f64.add
                (call $log (f64x2.extract_lane 0 (local.get $prod1)))
                (call $log (f64x2.extract_lane 1 (local.get $prod1)))))))
        (br $blocks)))
    ;; the maxima back in natural units
    (f64.add
      (local.get $ll)
      (f64.mul
        (f64.add
          (f64.add (f64x2.extract_lane 0 (local.get $sumMax0)) (f64x2.extract_lane 1 (local.get $sumMax0)))
          (f64.add (f64x2.extract_lane 0 (local.get $sumMax1)) (f64x2.extract_lane 1 (local.get $sumMax1))))
        (f64.const 0.0027076061740622863)))))
