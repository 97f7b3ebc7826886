#!/usr/bin/python3
"""Train the Fashion-MNIST fixture models and export them to ONNX.

Development-time tool only (the build never runs it): needs Debian's python3-torch, python3-torchvision and
python3-onnx, and the dataset-fashion-mnist package. See tools/README.md.

Writes into --out (default tests/fixtures/fashion-mnist):
  fashion_cnn.onnx  Conv+BN+ReLU CNN, opset 13, BatchNormalization nodes kept (not folded into Conv)
  fashion_vit.onnx  tiny ViT (7x7 patches, 16 tokens + cls, LayerNormalization, Erf-based GELU), opset 17
  metrics.json      FP32 top-1 of each model on the full 10k test set as measured here, seeds, epochs, versions

Both models take `input`: float32 [batch, 1, 28, 28] with pixels scaled to [0, 1] (no mean/std normalisation) and
return `logits`: float32 [batch, 10]; `batch` is a dynamic dimension.
"""

import argparse
import gzip
import json
import math
import os
import platform
import random
import struct
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

DATA_DIR = "/usr/share/datasets/fashion-mnist"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path):
    """Reads a (gzip-compressed) IDX file into a numpy uint8 array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not a uint8 IDX file (magic {data[:4].hex()})")
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    array = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if array.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {array.size} bytes of data for dims {dims}")
    return array.reshape(dims)


def load_split(data_dir, split):
    images = read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # N x 1 x 28 x 28 in [0, 1]
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class FashionCnn(nn.Module):
    """Three Conv3x3+BN+ReLU blocks (16/32/64 channels), each followed by 2x2 max-pooling (28 -> 14 -> 7 -> 3), then
    Flatten (64*3*3 = 576) and two Gemm layers (576 -> 64 -> 10)."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())

        self.features = nn.Sequential(
            block(1, 16), nn.MaxPool2d(2),   # 14x14
            block(16, 32), nn.MaxPool2d(2),  # 7x7
            block(32, 64), nn.MaxPool2d(2),  # 3x3
        )
        self.fc1 = nn.Linear(64 * 3 * 3, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.features(x).flatten(1)
        return self.fc2(F.relu(self.fc1(x)))


class Attention(nn.Module):
    def __init__(self, dim, heads, tokens):
        super().__init__()
        self.heads, self.head_dim, self.tokens = heads, dim // heads, tokens
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        # Constant reshape targets (-1 for the batch) keep the exported graph free of Shape arithmetic.
        qkv = self.qkv(x).reshape(-1, self.tokens, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.softmax(torch.matmul(q, k.transpose(-2, -1)) * (self.head_dim ** -0.5), dim=-1)
        out = torch.matmul(att, v).transpose(1, 2).reshape(-1, self.tokens, self.heads * self.head_dim)
        return self.proj(out)


class Block(nn.Module):
    def __init__(self, dim, heads, tokens, mlp):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads, tokens)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp), nn.GELU(), nn.Linear(mlp, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class FashionVit(nn.Module):
    """Tiny pre-norm ViT: 7x7 patches (4x4 grid = 16 tokens) + cls token, learned positions, classifier on cls."""

    def __init__(self, dim=64, depth=3, heads=4, mlp=128):
        super().__init__()
        self.tokens, self.dim = 17, dim
        self.patch = nn.Conv2d(1, dim, kernel_size=7, stride=7)
        self.pos = nn.Parameter(torch.randn(1, self.tokens, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, self.tokens, mlp) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 10)

    def forward(self, x):
        # Constant reshape targets keep the exported graph free of Shape arithmetic on the dynamic batch.
        x = self.patch(x).reshape(-1, self.dim, 16).transpose(1, 2)  # B x 16 x dim
        # cls token: a zero token at slot 0 whose learned embedding is pos[0] (the same function as cat([cls, x]) + pos
        # with cls folded into pos[0]); x[:, :1] * 0 gives the zero token a static-shaped graph without Expand/Shape.
        x = torch.cat([x[:, :1] * 0.0, x], dim=1) + self.pos
        x = self.norm(self.blocks(x))
        return self.head(x[:, 0])


def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def train(name, model, data, epochs, lr, weight_decay, batch, seed, train_count):
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(seed)
    n = min(train_count, len(x_train))
    steps = epochs * math.ceil(n / batch)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.15)
    generator = torch.Generator().manual_seed(seed)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=generator)[:n]
        total_loss = 0.0
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx], label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx)
        acc = evaluate(model, x_test, y_test)
        print(f"{name}: epoch {epoch + 1}/{epochs} loss {total_loss / n:.4f} test top-1 {acc * 100:.2f}% "
              f"({time.time() - start:.0f} s)", flush=True)
    return time.time() - start


def export(model, path, opset, keep_bn):
    model.eval()
    dummy = torch.zeros(1, 1, 28, 28)
    kwargs = dict(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False) if keep_bn else {}
    torch.onnx.export(model, dummy, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **kwargs)
    try:
        import onnx
        m = onnx.load(path)
        onnx.checker.check_model(m)
        ops = sorted({n.op_type for n in m.graph.node})
        print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, opset {opset}, ops {ops}")
        return ops
    except ImportError:
        return None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=DATA_DIR)
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "fashion-mnist"))
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cnn-epochs", type=int, default=4)
    p.add_argument("--vit-epochs", type=int, default=5)
    p.add_argument("--train-count", type=int, default=60000, help="train on the first N of a seeded shuffle each epoch")
    p.add_argument("--only", choices=["cnn", "vit"], help="train one model (metrics.json keeps the other's entry)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)

    x_train, y_train = load_split(args.data, "train")
    x_test, y_test = load_split(args.data, "t10k")
    data = (x_train, y_train, x_test, y_test)
    os.makedirs(args.out, exist_ok=True)
    metrics_path = os.path.join(args.out, "metrics.json")
    results = {}

    specs = {
        "cnn": dict(file="fashion_cnn.onnx", make=FashionCnn, epochs=args.cnn_epochs, lr=3e-3, wd=1e-4, batch=128,
                    opset=13, keep_bn=True),
        "vit": dict(file="fashion_vit.onnx", make=FashionVit, epochs=args.vit_epochs, lr=2e-3, wd=0.05, batch=128,
                    opset=17, keep_bn=False),
    }
    for key, s in specs.items():
        if args.only and key != args.only:
            continue
        seed = args.seed + (0 if key == "cnn" else 1)
        torch.manual_seed(seed)
        model = s["make"]()
        params = sum(p.numel() for p in model.parameters())
        seconds = train(key, model, data, s["epochs"], s["lr"], s["wd"], s["batch"], seed, args.train_count)
        acc = evaluate(model, x_test, y_test)
        path = os.path.join(args.out, s["file"])
        ops = export(model, path, s["opset"], s["keep_bn"])
        results[key] = {
            "file": s["file"],
            "input": "input",
            "output": "logits",
            "input_shape": ["batch", 1, 28, 28],
            "input_range": [0.0, 1.0],
            "opset": s["opset"],
            "parameters": params,
            "seed": seed,
            "epochs": s["epochs"],
            "train_samples_per_epoch": min(args.train_count, len(x_train)),
            "batch_size": s["batch"],
            "train_seconds": round(seconds, 1),
            "test_samples": len(x_test),
            "test_top1": round(acc * 100, 2),
            "test_correct": int(round(acc * len(x_test))),
            "onnx_ops": ops,
        }
        print(f"{key}: {params} parameters, test top-1 {acc * 100:.2f}%, trained in {seconds:.0f} s")

    # Re-read just before writing so that two --only runs in parallel keep each other's entries.
    metrics = {"models": {}}
    if os.path.exists(metrics_path):
        with open(metrics_path) as f:
            metrics = json.load(f)
    metrics.setdefault("models", {}).update(results)
    metrics.update({
        "dataset": "Fashion-MNIST (Debian dataset-fashion-mnist), test set t10k: 10000 images",
        "top1_units": "percent",
        "preprocessing": "uint8 pixels / 255 as float32, shape N x 1 x 28 x 28; no mean/std normalisation",
        "classes": CLASSES,
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "threads": args.threads,
        "generator": "tools/train_fashion.py",
    })
    with open(metrics_path, "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
