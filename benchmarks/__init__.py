"""Speed benchmark: our `stylize` against the official PyTorch tutorial's loop.

Run it from the repository root (one command; see benchmarks/README.md for the results):

    .venv/bin/python -m benchmarks                 # CPU, 256 and 512 px
    .venv/bin/python -m benchmarks --quick         # smoke run: tiny sizes, about a minute
    python -m benchmarks --device cuda --sizes 512 1024     # a GPU machine

(`python benchmarks/bench.py [options]`, the old command, still runs the same thing.)

What it measures, all in one run:
  1. peak      the machine's conv peak: one big 3x3 convolution timed alone (GFLOP/s).
  2. speed     seconds per loss evaluation (one forward + backward to the pixels) at each size,
               random-weight VGG-19, the tutorial loop and our settings INTERLEAVED round by
               round in one process; medians and per-round ratios; achieved conv GFLOP/s.
  3. memory    peak memory, one fresh subprocess per setting and size (ru_maxrss on the CPU,
               torch.cuda.max_memory_allocated on a GPU).
  4. quality   time to equal quality with the real ImageNet VGG-16 features: the tutorial loop
               runs N evaluations (default 300); each of our settings runs until its image is as
               good, judged by ONE common loss (content 1, style 10, tv 1, float32) on the images.

The baseline is the loop of the official PyTorch tutorial, written afresh here: loss modules
inserted into an nn.Sequential copy of VGG, torch.optim.LBFGS with its default settings, and the
image clamped inside every closure. It uses the paper's layers (content relu4_2, style
relu1_1..relu5_1) and our relative losses and weights, so both sides minimise the same function
with the same network and weights: only the implementation differs.

The modules, one job each:
  __main__.py   the entry point: options, the sections in turn, the report; `--worker` runs one
                worker in a fresh process
  tutorial.py   the baseline (the tutorial's loop) and WEIGHTS, the common loss's weights
  tools.py      paths, precisions, images at a size, clocks, FLOP counts and the conv peak, the
                machine, memory readings, `spawn` (a worker in a fresh process)
  speed.py      section 2 with 1 (the peak, read in every round); the settings and `Runner`
  memory.py     section 3 and its worker
  quality.py    section 4 (and the lbfgs section: L-BFGS variants to the same target) and its
                worker
  report.py     the machine line and the markdown tables
  bench.py      the old command, kept as a shim that calls `__main__.main`

Issue #15, on the default network (the paper's Caffe VGG-19), opt-in sections:
    .venv/bin/python -m benchmarks --sections peers          # per evaluation: tutorial, pastiche, stylize
    .venv/bin/python -m benchmarks --sections time-to-best   # time to the tutorial's best loss
    .venv/bin/python -m benchmarks --sections scale          # time and memory, 256-2048 px
    .venv/bin/python -m benchmarks --quick --sections peers time-to-best scale   # smoke, ~30 s
  cpu.py        the CPU line of every such table (model, threads, bfloat16 flags, load)
  peers.py      section peers, and pastiche driven through its own API (PasticheArtist.draw)
  time_to_best.py  section time-to-best: one float32 judge, the tutorial's best as the target
  guarded_lbfgs.py the candidate optimiser: L-BFGS without line search, best image, a guard
  ttb_report.py    its tables (ratios per pair, geometric means)
  scale.py      section scale and its worker; the largest size within 8 GB
  gpu_check.py  a separate script: the CUDA path checked in one short run (see README.md)
"""
