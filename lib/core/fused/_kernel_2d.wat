;; The fused EM pass of lib/core/nd/fused.ts for d = 2 in WebAssembly SIMD: two
;; points per step, one in each lane of an f64x2, with the same operations in
;; the same order as the TypeScript loop (accumulateMvRange), so each point's
;; log-densities, exp() values and responsibilities are the same numbers; only
;; the order of the running sums differs (the two lanes are summed apart).
;; exp() is the 1-D kernel's (lib/core/fused/_kernel_1d.wat): log-densities in units
;; of ln 2 / 256, q = round(t), r = t − q, exp = 2^(q >> 8)·2^((q & 255)/256)·P(r).
;;
;; Compiled by tools/build_wasm.ts into lib/core/fused/_kernel_2d_bytes.ts.
;;
;; Memory (bytes; per-component values are stored once per lane, 16 bytes):
;;   0      2^(j/256), j = 0..255 (written by the host)
;;   2048   per component h, at 2048 + 128·h: μ₀, μ₁, L₁₀, 1/L₀₀, 1/L₁₁,
;;          offset (log λ − ½ log det Σ − log 2π, in units), c₀, c₁
;;   10240  per component h, at 10240 + 96·h: Σr, Σr·dx, Σr·dy, Σr·dx·dx,
;;          Σr·dy·dx, Σr·dy·dy (d = x − c; one sum per lane)
;;   16384  log w_h, at 16384 + 16·h      17408  e_h, at 17408 + 16·h
;;   18432  the points of this chunk, x₀ y₀ x₁ y₁ …
;; At most 64 components.
(module
  (import "m" "exp" (func $exp (param f64) (result f64)))
  (import "m" "log" (func $log (param f64) (result f64)))
  (memory (export "memory") 10)

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

  ;; pass(pairs, k, block): adds 2·pairs points (at 18432) into the sums and
  ;; returns their log-likelihood; log() is taken once per `block` pairs.
  (func (export "pass") (param $pairs i32) (param $k i32) (param $block i32) (result f64)
    (local $i i32) (local $end i32) (local $h i32) (local $o i32) (local $w i32) (local $a i32)
    (local $va v128) (local $vb v128) (local $X v128) (local $Y v128)
    (local $dx v128) (local $dy v128) (local $z0 v128) (local $z1 v128)
    (local $val v128) (local $max v128) (local $s v128) (local $inv v128)
    (local $t v128) (local $tc v128) (local $big v128) (local $u v128)
    (local $r v128) (local $p v128) (local $j v128) (local $y v128)
    (local $rx v128) (local $ry v128) (local $prod v128) (local $sumMax v128)
    (local $ll f64)
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $pairs)))
        (local.set $end (i32.add (local.get $i) (local.get $block)))
        (if (i32.gt_u (local.get $end) (local.get $pairs))
          (then (local.set $end (local.get $pairs))))
        (local.set $prod (v128.const f64x2 1 1))
        (loop $points
          ;; two points: X = (x_a, x_b), Y = (y_a, y_b)
          (local.set $a (i32.shl (local.get $i) (i32.const 5)))
          (local.set $va (v128.load offset=18432 (local.get $a)))
          (local.set $vb (v128.load offset=18448 (local.get $a)))
          (local.set $X
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $va) (local.get $vb)))
          (local.set $Y
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $va) (local.get $vb)))
          ;; log w_h = offset_h − (z₀² + z₁²)·½ (in units), z = L⁻¹(x − μ_h); and their maximum
          (local.set $max (v128.const f64x2 -inf -inf))
          (local.set $h (i32.const 0))
          (loop $densities
            (local.set $o (i32.shl (local.get $h) (i32.const 7)))
            (local.set $z0
              (f64x2.mul
                (f64x2.sub (local.get $X) (v128.load offset=2048 (local.get $o)))
                (v128.load offset=2096 (local.get $o))))
            (local.set $z1
              (f64x2.mul
                (f64x2.sub
                  (f64x2.sub (local.get $Y) (v128.load offset=2064 (local.get $o)))
                  (f64x2.mul (v128.load offset=2080 (local.get $o)) (local.get $z0)))
                (v128.load offset=2112 (local.get $o))))
            (local.set $val
              (f64x2.sub
                (v128.load offset=2128 (local.get $o))
                (f64x2.mul
                  (f64x2.add
                    (f64x2.mul (local.get $z0) (local.get $z0))
                    (f64x2.mul (local.get $z1) (local.get $z1)))
                  (v128.const f64x2 184.6649652337873 184.6649652337873))))
            (v128.store offset=16384 (i32.shl (local.get $h) (i32.const 4)) (local.get $val))
            (local.set $max (f64x2.pmax (local.get $max) (local.get $val)))
            (br_if $densities
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          ;; e_h = exp(log w_h − max)
          (local.set $s (v128.const f64x2 0 0))
          (local.set $h (i32.const 0))
          (loop $exps
            (local.set $w (i32.shl (local.get $h) (i32.const 4)))
            (local.set $t (f64x2.sub (v128.load offset=16384 (local.get $w)) (local.get $max)))
            (local.set $tc
              (f64x2.pmax (local.get $t) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
            ;; t + 1.5·2^52 holds q = round(t) in its low mantissa bits
            (local.set $big
              (f64x2.add (local.get $tc) (v128.const f64x2 6755399441055744 6755399441055744)))
            (local.set $r
              (f64x2.sub
                (local.get $tc)
                (f64x2.sub (local.get $big) (v128.const f64x2 6755399441055744 6755399441055744))))
            ;; u = q + 1023·256 ≥ 0: u mod 256 = q mod 256, u >> 8 = (q >> 8) + 1023
            (local.set $u
              (i64x2.sub
                (local.get $big)
                (v128.const i64x2 4843621399236706560 4843621399236706560)))
            (local.set $p
              (f64x2.add
                (v128.const f64x2 1 1)
                (f64x2.mul
                  (local.get $r)
                  (f64x2.add
                    (v128.const f64x2 0.0027076061740622863 0.0027076061740622863)
                    (f64x2.mul
                      (local.get $r)
                      (f64x2.add
                        (v128.const f64x2 0.000003665565596910106 0.000003665565596910106)
                        (f64x2.mul
                          (local.get $r)
                          (f64x2.add
                            (v128.const f64x2 3.308302680541371e-9 3.308302680541371e-9)
                            (f64x2.mul
                              (local.get $r)
                              (v128.const f64x2 2.239395190875157e-12 2.239395190875157e-12))))))))))
            (local.set $j
              (i64x2.shl (v128.and (local.get $u) (v128.const i64x2 255 255)) (i32.const 3)))
            (local.set $y
              (f64x2.mul
                (f64x2.mul
                  (f64x2.replace_lane 1
                    (f64x2.splat (f64.load (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j)))))
                    (f64.load (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j)))))
                  (local.get $p))
                ;; 2^(q >> 8), built from its exponent bits
                (i64x2.shl (i64x2.shr_u (local.get $u) (i32.const 8)) (i32.const 52))))
            ;; below −746 the result is 0; between −746 and −708 it is Math.exp's
            (if (v128.any_true
                  (f64x2.lt (local.get $t) (v128.const f64x2 -261485.59077104283 -261485.59077104283)))
              (then (local.set $y (call $tail (local.get $t) (local.get $y)))))
            (v128.store offset=17408 (local.get $w) (local.get $y))
            (local.set $s (f64x2.add (local.get $s) (local.get $y)))
            (br_if $exps
              (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $k))))
          (local.set $sumMax (f64x2.add (local.get $sumMax) (local.get $max)))
          (local.set $prod (f64x2.mul (local.get $prod) (local.get $s)))
          (local.set $inv (f64x2.div (v128.const f64x2 1 1) (local.get $s)))
          ;; r_h = e_h / s; Σr, Σr·d, Σr·d dᵀ around c_h
          (local.set $h (i32.const 0))
          (loop $sums
            (local.set $o (i32.shl (local.get $h) (i32.const 7)))
            (local.set $w (i32.mul (local.get $h) (i32.const 96)))
            (local.set $r
              (f64x2.mul (v128.load offset=17408 (i32.shl (local.get $h) (i32.const 4))) (local.get $inv)))
            (local.set $dx (f64x2.sub (local.get $X) (v128.load offset=2144 (local.get $o))))
            (local.set $dy (f64x2.sub (local.get $Y) (v128.load offset=2160 (local.get $o))))
            (local.set $rx (f64x2.mul (local.get $r) (local.get $dx)))
            (local.set $ry (f64x2.mul (local.get $r) (local.get $dy)))
            (v128.store offset=10240 (local.get $w)
              (f64x2.add (v128.load offset=10240 (local.get $w)) (local.get $r)))
            (v128.store offset=10256 (local.get $w)
              (f64x2.add (v128.load offset=10256 (local.get $w)) (local.get $rx)))
            (v128.store offset=10272 (local.get $w)
              (f64x2.add (v128.load offset=10272 (local.get $w)) (local.get $ry)))
            (v128.store offset=10288 (local.get $w)
              (f64x2.add (v128.load offset=10288 (local.get $w)) (f64x2.mul (local.get $rx) (local.get $dx))))
            (v128.store offset=10304 (local.get $w)
              (f64x2.add (v128.load offset=10304 (local.get $w)) (f64x2.mul (local.get $ry) (local.get $dx))))
            (v128.store offset=10320 (local.get $w)
              (f64x2.add (v128.load offset=10320 (local.get $w)) (f64x2.mul (local.get $ry) (local.get $dy))))
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
    ;; the maxima back in natural units
    (f64.add
      (local.get $ll)
      (f64.mul
        (f64.add (f64x2.extract_lane 0 (local.get $sumMax)) (f64x2.extract_lane 1 (local.get $sumMax)))
        (f64.const 0.0027076061740622863)))))
