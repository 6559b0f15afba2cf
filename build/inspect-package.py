#!/usr/bin/env python3
"""Checks one package's provenance: its .nuspec (license, tags, repository with its commit) and, for the package's own
assembly, that the build was deterministic and that the symbols in the .snupkg belong to it and carry SourceLink.

    inspect-package.py <package.nupkg> [--ci]

- .nuspec: <license>, non-empty <tags>, <repository type="git" url="https://..." commit="<40 hex>"/>.
- The assembly (lib/*/{id}.dll, or tools/*/any/*.dll for a .NET tool): its PE debug directory has a Reproducible entry
  (type 16: Deterministic=true) and a CodeView entry for a portable PDB.
- The .snupkg beside it holds that PDB: its PDB id (#Pdb stream) equals the assembly's CodeView GUID and stamp, and its
  SourceLink custom debug information (GUID cc110556-a091-4d38-9fec-25ab9a351a6a) maps the sources to URLs at the
  nuspec's commit of the nuspec's repository.
- With --ci (a ContinuousIntegrationBuild): the paths in the assembly and the SourceLink map are mapped to /_/ (no
  build machine path).

Prints one line ("ok ...") or the problems, and exits 1 when there are problems. Standard library only.
"""
import json
import re
import struct
import sys
import uuid
import zipfile
import xml.etree.ElementTree as ET

SOURCE_LINK_KIND = uuid.UUID("cc110556-a091-4d38-9fec-25ab9a351a6a").bytes_le
DEBUG_CODEVIEW, DEBUG_REPRODUCIBLE = 2, 16


def pe_debug_entries(data):
    """The PE debug directory: (type, major, minor, stamp, data bytes) per entry."""
    if data[:2] != b"MZ":
        raise ValueError("not a PE file")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError("no PE signature")
    coff = pe + 4
    sections_count = struct.unpack_from("<H", data, coff + 2)[0]
    optional_size = struct.unpack_from("<H", data, coff + 16)[0]
    optional = coff + 20
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    debug_rva, debug_size = struct.unpack_from("<II", data, directories + 6 * 8)
    sections = optional + optional_size

    def offset(rva):
        for i in range(sections_count):
            virtual_size, virtual_address, raw_size, raw_pointer = struct.unpack_from("<IIII", data, sections + 40 * i + 8)
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return rva - virtual_address + raw_pointer
        raise ValueError(f"RVA {rva:#x} in no section")

    entries = []
    if debug_rva == 0:
        return entries
    start = offset(debug_rva)
    for i in range(debug_size // 28):
        _, stamp, major, minor, kind, size, _, pointer = struct.unpack_from("<IIHHIIII", data, start + 28 * i)
        entries.append((kind, major, minor, stamp, data[pointer:pointer + size]))
    return entries


def pdb_streams(pdb):
    """The metadata streams of a portable PDB: name -> bytes."""
    if pdb[:4] != b"BSJB":
        raise ValueError("not a portable PDB")
    version_length = struct.unpack_from("<I", pdb, 12)[0]
    position = 16 + version_length
    count = struct.unpack_from("<H", pdb, position + 2)[0]
    position += 4
    streams = {}
    for _ in range(count):
        offset, size = struct.unpack_from("<II", pdb, position)
        end = pdb.index(b"\0", position + 8)
        name = pdb[position + 8:end].decode("ascii")
        position = (end + 4) & ~3
        streams[name] = pdb[offset:offset + size]
    return streams


def source_link(pdb):
    """The SourceLink JSON of a portable PDB (a blob of the #Blob heap), or None."""
    streams = pdb_streams(pdb)
    if SOURCE_LINK_KIND not in streams.get("#GUID", b""):
        return None
    blob = streams.get("#Blob", b"")
    start = blob.find(b'{"documents":')
    if start < 0:
        return None
    document, _ = json.JSONDecoder().raw_decode(blob[start:].decode("utf-8", errors="replace"))
    return document


def main():
    path = sys.argv[1]
    ci = "--ci" in sys.argv[2:]
    problems = []
    package = zipfile.ZipFile(path)
    names = package.namelist()
    nuspec_name = next(n for n in names if n.endswith(".nuspec") and "/" not in n)
    metadata = ET.fromstring(package.read(nuspec_name)).find("{*}metadata")
    package_id = metadata.findtext("{*}id")

    if metadata.find("{*}license") is None or not (metadata.findtext("{*}license") or "").strip():
        problems.append("no <license> in the nuspec")
    if not (metadata.findtext("{*}tags") or "").split():
        problems.append("no <tags> in the nuspec")
    repository = metadata.find("{*}repository")
    commit = repository.get("commit", "") if repository is not None else ""
    url = repository.get("url", "") if repository is not None else ""
    if repository is None or repository.get("type") != "git" or not url.startswith("https://"):
        problems.append(f"no <repository type=\"git\" url=\"https://...\"/> in the nuspec ({None if repository is None else repository.attrib})")
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        problems.append(f"the nuspec's repository has no commit ({commit!r})")

    assemblies = [n for n in names if re.fullmatch(rf"lib/[^/]+/{re.escape(package_id)}\.dll", n)]
    assemblies += [n for n in names if re.fullmatch(r"tools/[^/]+/any/[^/]+\.dll", n) and n.endswith(f"/{package_id}.dll")]
    if not assemblies:
        problems.append(f"no {package_id}.dll in lib/ or tools/")

    symbols_path = path[:-len(".nupkg")] + ".snupkg"
    try:
        symbols = zipfile.ZipFile(symbols_path)
    except FileNotFoundError:
        symbols = None
        problems.append("no .snupkg beside the package")

    for assembly in assemblies:
        entries = pe_debug_entries(package.read(assembly))
        kinds = [e[0] for e in entries]
        if DEBUG_REPRODUCIBLE not in kinds:
            problems.append(f"{assembly}: no Reproducible debug directory entry (not a deterministic build)")
        codeview = next((e for e in entries if e[0] == DEBUG_CODEVIEW), None)
        if codeview is None or codeview[4][:4] != b"RSDS":
            problems.append(f"{assembly}: no CodeView debug directory entry")
            continue
        guid, pdb_path = codeview[4][4:20], codeview[4][24:].split(b"\0")[0].decode("utf-8")
        if ci and not pdb_path.startswith("/_/"):
            problems.append(f"{assembly}: the PDB path {pdb_path!r} is not mapped to /_/ (ContinuousIntegrationBuild)")
        if symbols is None:
            continue
        pdb_name = assembly[:-4] + ".pdb"
        if pdb_name not in symbols.namelist():
            problems.append(f"{pdb_name} missing from the .snupkg")
            continue
        pdb = symbols.read(pdb_name)
        pdb_id = pdb_streams(pdb)["#Pdb"][:20]
        if pdb_id != guid + struct.pack("<I", codeview[3]):
            problems.append(f"{pdb_name}: its PDB id does not match {assembly}'s (symbols of another build)")
        link = source_link(pdb)
        if link is None:
            problems.append(f"{pdb_name}: no SourceLink")
            continue
        repository_path = re.sub(r"^https://[^/]+/", "", url).removesuffix(".git")
        documents = link.get("documents", {})
        if not documents or not all(f"{repository_path}/{commit}/" in target for target in documents.values()):
            problems.append(f"{pdb_name}: the SourceLink map does not point at {repository_path} at {commit}: {documents}")
        if ci and not all(key.startswith("/_/") for key in documents):
            problems.append(f"{pdb_name}: SourceLink paths are not mapped to /_/: {list(documents)}")

    if problems:
        for problem in problems:
            print(f"{package_id}: {problem}", file=sys.stderr)
        return 1
    print(f"ok {package_id}: license, tags, repository at {commit[:12]}, deterministic, symbols match, SourceLink")
    return 0


if __name__ == "__main__":
    sys.exit(main())
