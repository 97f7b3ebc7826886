#!/usr/bin/python3
"""Generates compiler/Qc.Onnx/Schemas/onnx-schemas.json from the ONNX operator schemas of Debian's python3-onnx.

Development-time tool (apt-get install python3-onnx; run with /usr/bin/python3). The output is committed; the build
never runs Python. It lists every version of every operator in the default and preview-training domains with input
and output arity and attribute names, types and defaults, so the importer can fill opset-versioned defaults and check
attribute types. Operator versions newer than python3-onnx (opsets 18-22) are added by hand in onnx-schemas-extra.json.
"""
import json, sys
import onnx
from onnx import defs, helper, AttributeProto as A

TYPE = {A.FLOAT: "FLOAT", A.INT: "INT", A.STRING: "STRING", A.TENSOR: "TENSOR", A.GRAPH: "GRAPH",
        A.FLOATS: "FLOATS", A.INTS: "INTS", A.STRINGS: "STRINGS", A.TENSORS: "TENSORS", A.GRAPHS: "GRAPHS",
        A.SPARSE_TENSOR: "SPARSE_TENSOR", A.SPARSE_TENSORS: "SPARSE_TENSORS", A.TYPE_PROTO: "TYPE_PROTO",
        A.TYPE_PROTOS: "TYPE_PROTOS"}

def min_arity(p, index, schema_min):
    """The minimum number of values of a variadic formal parameter (0 for Loop's v_initial since opset 11 and for
    SequenceMap's additional_inputs). Newer python3-onnx exposes it as FormalParameter.min_arity; ONNX 1.12 does not,
    but its OpSchema.min_input/min_output count every formal parameter before the variadic one (only the last one can
    be variadic) plus that minimum, so the difference recovers it exactly."""
    if hasattr(p, "min_arity"):
        return p.min_arity
    return schema_min - index

def arity(params, schema_min):
    lo, hi = 0, 0
    for i, p in enumerate(params):
        o = p.option
        if o == defs.OpSchema.FormalParameterOption.Single:
            lo += 1; hi += 1
        elif o == defs.OpSchema.FormalParameterOption.Optional:
            hi += 1
        else:  # variadic, always the last formal parameter
            lo += min_arity(p, i, schema_min)
            hi = 2**31 - 1
    return lo, min(hi, 2**31 - 1)

def default(a):
    if not a.default_value or not a.default_value.name:
        return None
    v = helper.get_attribute_value(a.default_value)
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, list):
        return [x.decode() if isinstance(x, bytes) else x for x in v]
    if isinstance(v, (int, float, str)):
        return v
    return None

out = []
for s in defs.get_all_schemas_with_history():
    if s.domain not in ("", "ai.onnx.preview.training"):
        continue
    if s.deprecated:
        continue
    ilo, ihi = arity(s.inputs, s.min_input)
    olo, ohi = arity(s.outputs, s.min_output)
    attrs = []
    for name in sorted(s.attributes):
        a = s.attributes[name]
        e = {"name": name, "type": TYPE[a.type], "required": bool(a.required)}
        d = default(a)
        if d is not None:
            e["default"] = d
        attrs.append(e)
    out.append({"domain": s.domain, "name": s.name, "since": s.since_version, "minInputs": ilo, "maxInputs": ihi,
                "minOutputs": olo, "maxOutputs": ohi, "attributes": attrs})
out.sort(key=lambda e: (e["domain"], e["name"], e["since"]))
json.dump({"generator": "tools/gen-onnx-schemas.py", "onnx": onnx.__version__, "schemas": out}, sys.stdout, indent=0, sort_keys=False)
print()
