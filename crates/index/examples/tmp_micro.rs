use roaring::RoaringBitmap;
use std::time::Instant;
fn main() {
    let n: u32 = 1_000_000;
    let mut x = 12345u64;
    let mut rnd = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
    for tn in [500usize, 2000, 8000] {
        let mut t: Vec<u32> = (0..tn).map(|_| (rnd() % n as u64) as u32).collect();
        t.sort_unstable(); t.dedup();
        let mut mark = vec![0u64; (n as usize).div_ceil(64)];
        for &s in &t { mark[(s/64) as usize] |= 1 << (s%64); }
        let reps = 100;
        let st = Instant::now();
        let mut c = 0u64;
        for _ in 0..reps { let tb = RoaringBitmap::from_sorted_iter(t.iter().copied()).unwrap(); c += tb.len(); }
        let build_sorted = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
        let st = Instant::now();
        let mut bytes = vec![0u8; mark.len()*8];
        for _ in 0..reps { for (i,w) in mark.iter().enumerate() { bytes[i*8..i*8+8].copy_from_slice(&w.to_le_bytes()); } let tb = RoaringBitmap::from_lsb0_bytes(0, &bytes); c += tb.len(); }
        let build_lsb = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
        let st = Instant::now();
        for _ in 0..reps { let mut v = t.clone(); v.reverse(); v.sort_unstable(); c += v.len() as u64; }
        let sort_t = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
        println!("T={}: build from sorted {build_sorted:.1} µs, from lsb0 {build_lsb:.1} µs, sort T {sort_t:.1} µs", t.len());
        let tb = RoaringBitmap::from_sorted_iter(t.iter().copied()).unwrap();
        for df in [1000u32, 5000, 20_000, 100_000, 600_000] {
            let mut v: Vec<u32> = (0..df).map(|_| (rnd() % n as u64) as u32).collect();
            v.sort_unstable(); v.dedup();
            let bm = RoaringBitmap::from_sorted_iter(v.iter().copied()).unwrap();
            let st = Instant::now();
            let mut hits = 0u64;
            let mut buf = [0u32; 256];
            for _ in 0..reps { let mut it = bm.iter(); loop { let g = it.next_many(&mut buf); if g.is_empty() {break;} for &s in g.iter() { if mark[(s/64) as usize] & (1<<(s%64)) != 0 { hits += 1; } } } }
            let scan = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
            let st = Instant::now();
            for _ in 0..reps { let r = &tb & &bm; for s in r.iter() { hits += (s & 1) as u64; } }
            let and = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
            let st = Instant::now();
            for _ in 0..reps { for &s in &t { if bm.contains(s) { hits += 1; } } }
            let probe = st.elapsed().as_secs_f64() / reps as f64 * 1e6;
            println!("   df {df:>7}: scan {scan:>7.1} µs  and {and:>6.1} µs  probe {probe:>6.1} µs  [{hits}]");
        }
    }
    println!("{}", 0);
}
