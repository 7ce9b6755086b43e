//! `cargo run --release --example bench -- [corpus-dir]`: time and peak RSS of
//! our build against `kubectl kustomize` on (a) the shared corpus, (b) a
//! generated overlay of 1,000 resources with 20 patches, a generator and an
//! image override, (c) 100 builds of (b) in parallel. Peak RSS comes from
//! `/usr/bin/time -f %M` around the `kbuild` example, so build that first.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use oxbow_kustomize::{BuildOptions, DiskFs, LoadRestrictor, build_yaml};

fn generate_overlay(root: &Path) {
    let base = root.join("base");
    std::fs::create_dir_all(&base).unwrap();
    let mut res = String::new();
    for i in 0..1000 {
        res.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  labels:\n    app: app-{i}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: app-{i}\n  template:\n    metadata:\n      labels:\n        app: app-{i}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: settings\n        ports:\n        - containerPort: 8080\n"
        ));
    }
    std::fs::write(base.join("resources.yaml"), res).unwrap();
    std::fs::write(
        base.join("kustomization.yaml"),
        "resources:\n- resources.yaml\n",
    )
    .unwrap();
    let overlay = root.join("overlay");
    std::fs::create_dir_all(&overlay).unwrap();
    let mut k = String::from(
        "resources:\n- ../base\nnamespace: prod\nnamePrefix: prod-\ncommonLabels:\n  env: prod\nimages:\n- name: nginx\n  newName: registry.example.com/nginx\n  newTag: \"1.26\"\nconfigMapGenerator:\n- name: settings\n  literals:\n  - LOG_LEVEL=info\n  - MODE=prod\npatches:\n",
    );
    for p in 0..20 {
        let i = p * 50;
        std::fs::write(
            overlay.join(format!("patch-{p}.yaml")),
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: main\n        resources:\n          limits:\n            cpu: 500m\n"),
        )
        .unwrap();
        k.push_str(&format!("- path: patch-{p}.yaml\n"));
    }
    std::fs::write(overlay.join("kustomization.yaml"), k).unwrap();
}

fn ours(root: &Path, dir: &str, opts: &BuildOptions) -> String {
    build_yaml(&DiskFs::new(root).unwrap(), dir, opts).unwrap()
}

/// Runs `jobs` calls of `job` on `workers` threads taking jobs from a shared counter.
fn pool(workers: usize, jobs: usize, job: impl Fn() + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < jobs {
                    job();
                }
            });
        }
    });
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// Runs a command under `/usr/bin/time` and returns stdout, wall time and peak RSS (KiB).
fn measure(cmd: &mut Command) -> (String, Duration, u64) {
    let t = Instant::now();
    let out = cmd.output().unwrap();
    let wall = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    (String::from_utf8_lossy(&out.stdout).to_string(), wall, rss)
}

fn main() {
    let kbuild = std::env::current_exe().unwrap().with_file_name("kbuild");
    let tmp = std::env::temp_dir().join(format!("oxbow-kbench-{}", std::process::id()));
    generate_overlay(&tmp);
    let opts = BuildOptions::default();

    // (b) the generated overlay.
    let (out, _) = timed(|| ours(&tmp, "overlay", &opts));
    let mut best = Duration::MAX;
    for _ in 0..10 {
        best = best.min(timed(|| ours(&tmp, "overlay", &opts)).1);
    }
    let (k_out, k_wall, k_rss) = measure(
        Command::new("/usr/bin/time")
            .args(["-f", "%M", "kubectl", "kustomize"])
            .arg(tmp.join("overlay")),
    );
    let (o_out, o_wall, o_rss) = measure(
        Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg(&kbuild)
            .arg(&tmp)
            .arg("overlay"),
    );
    println!("(b) 1000 resources, 20 patches, generator, image override:");
    println!(
        "    ours in-process best of 10: {:?}; as a process: {:?}, peak RSS {} KiB",
        best, o_wall, o_rss
    );
    println!(
        "    kubectl kustomize: {:?}, peak RSS {} KiB",
        k_wall, k_rss
    );
    println!(
        "    speed-up (process vs process): {:.1}x; output identical: {}",
        k_wall.as_secs_f64() / o_wall.as_secs_f64(),
        out == k_out && o_out == k_out
    );

    // (c) 100 builds in parallel: by pools of 1..=cores workers (as a controller
    // runs them, `--concurrent` workers), and as 100 threads started at once.
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("(c) 100 builds of (b), {cores} cores:");
    let mut one_worker = None;
    for workers in 1..=cores.max(2) {
        let (_, wall) = timed(|| pool(workers, 100, || drop(ours(&tmp, "overlay", &opts))));
        let rate = 100.0 / wall.as_secs_f64();
        let base = *one_worker.get_or_insert(rate);
        println!(
            "    {workers} worker(s): {wall:?} -> {rate:.1} builds/s ({:.2}x of 1 worker)",
            rate / base
        );
    }
    let (_, burst) = timed(|| {
        std::thread::scope(|s| {
            for _ in 0..100 {
                s.spawn(|| ours(&tmp, "overlay", &opts));
            }
        })
    });
    println!(
        "    100 threads at once: {burst:?} -> {:.1} builds/s",
        100.0 / burst.as_secs_f64()
    );

    // (a) the corpus.
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/kustomize")
        });
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.join("case.json").exists())
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    let (mut ours_total, mut kubectl_total, mut n) = (Duration::ZERO, Duration::ZERO, 0);
    for case in &cases {
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("case.json")).unwrap())
                .unwrap();
        let build = meta["build"].as_str().unwrap_or("input").to_string();
        let none = meta["load_restrictor"].as_str() == Some("LoadRestrictionsNone");
        let o = BuildOptions {
            load_restrictor: if none {
                LoadRestrictor::None
            } else {
                LoadRestrictor::RootOnly
            },
            ..Default::default()
        };
        let rel = build
            .strip_prefix("input")
            .unwrap_or("")
            .trim_start_matches('/')
            .to_string();
        let fs = DiskFs::new(case.join("input")).unwrap();
        ours_total += timed(|| build_yaml(&fs, &rel, &o)).1;
        let mut cmd = Command::new("kubectl");
        cmd.arg("kustomize").arg(&build).current_dir(case);
        if none {
            cmd.args(["--load-restrictor", "LoadRestrictionsNone"]);
        }
        kubectl_total += timed(|| cmd.output()).1;
        n += 1;
    }
    println!(
        "(a) corpus, {n} cases: ours in-process {:?}, kubectl {:?} ({:.0}x)",
        ours_total,
        kubectl_total,
        kubectl_total.as_secs_f64() / ours_total.as_secs_f64().max(1e-9)
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
