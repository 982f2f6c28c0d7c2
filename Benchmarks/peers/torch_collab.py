#!/usr/bin/env python3
"""mfsweep's PyTorch peer for fastai's collaborative-filtering chapter (fastbook ch. 8).

    torch_collab.py --data U_DATA [--model dpb|enn] [--epochs 5] [--bs 64] [--lr 5e-3]
                    [--wd 0.1] [--threads 1] [--split-out FILE [--split-only]] [--json]

Re-creates, in plain PyTorch (no fastai), what `learn.fit_one_cycle(epochs, lr, wd=wd)` does for
the chapter's two models, so that mfsweep's mini-batch trainer (`mfbench collab`) can be checked
against it number for number and timed against it on the same machine:

* data: the rows of u.data; validation = the first 20% of numpy `default_rng(0).permutation`
  (`--split-out` writes those 0-based row indices, one a line, for `mfbench collab --split`);
  the training rows are reshuffled every epoch (numpy `default_rng(1000 + epoch)`), batches of
  `--bs`, the last partial batch dropped as fastai's training DataLoader does.
* dpb: fastai's DotProductBias: 50-wide user and item factors, a user and an item bias, all
  `nn.Embedding`s initialised as fastai's `Embedding` (normal, fmod 2, times 0.01), output
  `sigmoid(x) * 5.5` (y_range (0, 5.5)).
* enn: fastai's EmbeddingNN (TabularModel with `lin_first=True`): embeddings of fastai's width
  min(600, round(1.6 n^0.56)) (n = users, items seen in the data), concatenated, then per hidden
  size [100, 50]: Linear(bias=False) -> ReLU -> BatchNorm1d (weight 1, bias 1e-3), no dropout;
  then Linear(50, 1) with its bias and the same sigmoid range.
* optimiser: AdamW as fastai's Adam with `decouple_wd=True`: p *= 1 - lr*wd, then Adam with
  betas (beta1, 0.99), eps 1e-5 outside the square root, bias correction with the step's beta1.
  Weight decay follows fastai's default `wd_bn_bias=False`: embeddings and Linear weights are
  decayed; BatchNorm parameters and Linear biases are not (a second param group with wd 0).
* schedule: fastai's one-cycle: pct = step / total steps; for pct < 0.25 the lr rises by a
  half-cosine from lr/25 to lr and beta1 falls 0.95 -> 0.85; afterwards the lr falls by a
  half-cosine to lr/1e5 and beta1 climbs back to 0.95.
* loss: MSE. Per epoch it records the wall time of the training loop (ms; evaluation excluded),
  the mean of the epoch's batch losses (fastai's train_loss, unsmoothed) and the valid MSE after
  the epoch in eval mode (BatchNorm on its running statistics).

Output: a line per epoch and a summary, or with `--json` one object
{"model", "wd", "ms_per_epoch": [..], "median_ms", "train_loss": [..], "valid_mse": [..], ...}.
Set-up: `pip install torch` (the CPU build is enough).
"""

import argparse
import json
import math
import statistics
import sys
import time

import numpy as np

try:
    import torch
    import torch.nn as nn
except ImportError:  # compare-with-torch.sh checks this before calling us
    sys.exit("torch_collab: needs torch: pip install torch")

Y_LO, Y_HI = 0.0, 5.5


def options(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, help="MovieLens u.data (user item rating timestamp)")
    p.add_argument("--model", choices=("dpb", "enn"), default="dpb")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--bs", type=int, default=64)
    p.add_argument("--lr", type=float, default=5e-3)
    p.add_argument("--wd", type=float, default=0.1)
    p.add_argument("--factors", type=int, default=50, help="dpb: width of the factors")
    p.add_argument("--layers", default="100,50", help="enn: hidden sizes")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0, help="torch seed (initialisation)")
    p.add_argument("--split-out", metavar="FILE", help="write the validation row indices here")
    p.add_argument("--split-only", action="store_true", help="with --split-out: stop after writing")
    p.add_argument(
        "--flush-denormal",
        action="store_true",
        help="flush subnormal floats to zero (torch.set_flush_denormal); off, as in stock fastai",
    )
    p.add_argument("--json", action="store_true")
    return p.parse_args(argv)


def fastai_embedding(n, width):
    """nn.Embedding initialised as fastai's `Embedding`: trunc_normal_ = normal().fmod(2) * 0.01."""
    e = nn.Embedding(n, width)
    with torch.no_grad():
        e.weight.normal_().fmod_(2).mul_(0.01)
    return e


def sigmoid_range(x):
    return torch.sigmoid(x) * (Y_HI - Y_LO) + Y_LO


class DotProductBias(nn.Module):
    def __init__(self, users, items, width):
        super().__init__()
        self.user_factors = fastai_embedding(users, width)
        self.user_bias = fastai_embedding(users, 1)
        self.item_factors = fastai_embedding(items, width)
        self.item_bias = fastai_embedding(items, 1)

    def forward(self, u, i):
        dot = (self.user_factors(u) * self.item_factors(i)).sum(dim=1)
        return sigmoid_range(dot + self.user_bias(u).squeeze(1) + self.item_bias(i).squeeze(1))


def fastai_emb_width(n):
    return min(600, round(1.6 * n**0.56))


class EmbeddingNN(nn.Module):
    def __init__(self, users, items, hidden):
        super().__init__()
        self.user_emb = fastai_embedding(users, fastai_emb_width(users))
        self.item_emb = fastai_embedding(items, fastai_emb_width(items))
        blocks, width = [], self.user_emb.embedding_dim + self.item_emb.embedding_dim
        for size in hidden:
            bn = nn.BatchNorm1d(size)
            with torch.no_grad():
                bn.weight.fill_(1.0)
                bn.bias.fill_(1e-3)
            blocks += [nn.Linear(width, size, bias=False), nn.ReLU(inplace=True), bn]
            width = size
        blocks.append(nn.Linear(width, 1))
        self.layers = nn.Sequential(*blocks)

    def forward(self, u, i):
        x = torch.cat((self.user_emb(u), self.item_emb(i)), dim=1)
        return sigmoid_range(self.layers(x).squeeze(1))


def param_groups(model, wd):
    """fastai's wd_bn_bias=False: no decay for BatchNorm parameters nor Linear biases."""
    plain, decayed = [], []
    for module in model.modules():
        for name, p in module.named_parameters(recurse=False):
            no_wd = isinstance(module, nn.modules.batchnorm._BatchNorm) or (
                isinstance(module, nn.Linear) and name == "bias"
            )
            (plain if no_wd else decayed).append(p)
    groups = [{"params": decayed, "weight_decay": wd}]
    if plain:
        groups.append({"params": plain, "weight_decay": 0.0})
    return groups


def one_cycle(pct, lr_max, pct_start=0.25, div=25.0, div_final=1e5):
    """fastai's combined_cos: (lr, beta1) at fraction `pct` of the training steps."""

    def cos_between(a, b, t):  # fastai's SchedCos
        return a + (b - a) * (1 - math.cos(math.pi * t)) / 2

    if pct < pct_start:
        t = pct / pct_start
        return cos_between(lr_max / div, lr_max, t), cos_between(0.95, 0.85, t)
    t = (pct - pct_start) / (1 - pct_start)
    return cos_between(lr_max, lr_max / div_final, t), cos_between(0.85, 0.95, t)


def load(path):
    raw = np.loadtxt(path, dtype=np.int64, usecols=(0, 1, 2))
    # Dense indices of the sorted raw ids (mfsweep numbers them by first appearance instead: a
    # relabelling, which changes nothing but which random numbers each row's embedding gets).
    _, users = np.unique(raw[:, 0], return_inverse=True)
    _, items = np.unique(raw[:, 1], return_inverse=True)
    return users.astype(np.int64), items.astype(np.int64), raw[:, 2].astype(np.float32)


def main():
    o = options()
    torch.set_num_threads(o.threads)
    try:
        torch.set_num_interop_threads(o.threads)
    except RuntimeError:
        pass
    torch.manual_seed(o.seed)
    if o.flush_denormal:
        torch.set_flush_denormal(True)

    users, items, ratings = load(o.data)
    n = len(ratings)
    perm = np.random.default_rng(0).permutation(n)
    valid_rows, train_rows = perm[: n // 5], perm[n // 5 :]
    if o.split_out:
        with open(o.split_out, "w") as f:
            f.write("".join(f"{r}\n" for r in valid_rows))
        if o.split_only:
            return

    U, I, R = torch.from_numpy(users), torch.from_numpy(items), torch.from_numpy(ratings)
    nu, ni = int(users.max()) + 1, int(items.max()) + 1
    if o.model == "dpb":
        model = DotProductBias(nu, ni, o.factors)
    else:
        model = EmbeddingNN(nu, ni, [int(s) for s in o.layers.split(",") if s])
    opt = torch.optim.AdamW(param_groups(model, o.wd), lr=o.lr / 25, betas=(0.95, 0.99), eps=1e-5)
    vu, vi, vr = U[valid_rows], I[valid_rows], R[valid_rows]

    batches = len(train_rows) // o.bs  # drop_last, as fastai's training DataLoader
    total = o.epochs * batches
    step = 0
    ms, train_loss, valid_mse = [], [], []
    for epoch in range(o.epochs):
        order = torch.from_numpy(train_rows[np.random.default_rng(1000 + epoch).permutation(len(train_rows))])
        bu, bi, br = U[order], I[order], R[order]
        model.train()
        losses = torch.zeros(batches)
        start = time.perf_counter()
        for b in range(batches):
            lr, beta1 = one_cycle(step / total, o.lr)
            for g in opt.param_groups:
                g["lr"], g["betas"] = lr, (beta1, 0.99)
            s = slice(b * o.bs, (b + 1) * o.bs)
            loss = torch.nn.functional.mse_loss(model(bu[s], bi[s]), br[s])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses[b] = loss.detach()
            step += 1
        ms.append(1000 * (time.perf_counter() - start))
        model.eval()
        with torch.no_grad():
            valid_mse.append(torch.nn.functional.mse_loss(model(vu, vi), vr).item())
        train_loss.append(losses.mean().item())
        if not o.json:
            print(
                f"epoch {epoch}: {ms[-1]:8.1f} ms  train_loss {train_loss[-1]:.4f}  valid_mse {valid_mse[-1]:.4f}",
                flush=True,
            )

    out = {
        "model": o.model,
        "wd": o.wd,
        "ms_per_epoch": ms,
        "median_ms": statistics.median(ms),
        "train_loss": train_loss,
        "valid_mse": valid_mse,
        "epochs": o.epochs,
        "bs": o.bs,
        "lr": o.lr,
        "threads": torch.get_num_threads(),
        "flush_denormal": o.flush_denormal,
        "torch": torch.__version__,
    }
    if o.json:
        print(json.dumps(out))
    else:
        print(
            f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), {o.model}, wd {o.wd}: "
            f"{out['median_ms']:.0f} ms/epoch (median), final valid MSE {valid_mse[-1]:.4f}"
        )


if __name__ == "__main__":
    main()
