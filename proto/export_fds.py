"""Write the FileDescriptorSet of the flyteidl2 messages flyte-types compiles.

The flyteidl2 wheel ships no .proto files, but every generated `_pb2.py` embeds its
serialized FileDescriptorProto. This collects the transitive closure of the modules below
(dependencies first) into one FileDescriptorSet, which build.rs hands to prost-build.

Usage: python proto/export_fds.py proto/flyteidl2.fds.bin   (see scripts/regen-proto.sh)
"""

import sys

from google.protobuf import descriptor_pb2
from flyteidl2.core import execution_pb2, interface_pb2, literals_pb2, types_pb2
from flyteidl2.task import common_pb2

seen: set[str] = set()
files: list[descriptor_pb2.FileDescriptorProto] = []


def add(fd) -> None:
    if fd.name in seen:
        return
    for dep in fd.dependencies:
        add(dep)
    seen.add(fd.name)
    proto = descriptor_pb2.FileDescriptorProto()
    fd.CopyToProto(proto)
    files.append(proto)


for module in (literals_pb2, types_pb2, interface_pb2, common_pb2, execution_pb2):
    add(module.DESCRIPTOR)

with open(sys.argv[1], "wb") as out:
    out.write(descriptor_pb2.FileDescriptorSet(file=files).SerializeToString(deterministic=True))
print(f"{sys.argv[1]}: {len(files)} files: {', '.join(f.name for f in files)}")
