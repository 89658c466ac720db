"""IP属地: the province (or, outside China, the country) of an address, looked up offline in the
ip2region database the operator installs (`manage.py install_ip2region FILE`). Without one,
every lookup answers "" and nothing is shown.

Each worker loads the installed file into memory once (a few MB for the full database) and
loads it again when the file changes, so a lookup costs a binary search and no I/O.
"""

import re
import shutil
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from ip2region import searcher as xdb_searcher
from ip2region import util as xdb

# Suffixes that 「IP属地」 drops, as the big sites show it: 广东省 → 广东, 内蒙古自治区 → 内蒙古.
_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CHINA = {"中国", "China"}
_UNKNOWN = {"", "0", "内网IP", "保留"}


def database_path(version: xdb.Version) -> Path:
    return Path(settings.LUNTAN_IP2REGION_DIR) / f"ip2region_{version.name.lower()}.xdb"


class DatabaseError(ValueError):
    pass


def install_database(source: Path) -> Path:
    """Check an xdb file and copy it where lookups read it; the path it was installed to."""
    with open(source, "rb") as handle:
        try:
            xdb.verify(handle)
            version = xdb.version_from_header(xdb.load_header(handle))
        except Exception as error:  # the library raises bare Exceptions for a bad file
            raise DatabaseError(str(error)) from None
    if version is None:
        raise DatabaseError("not an ip2region xdb file for IPv4 or IPv6")
    target = database_path(version)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)  # atomic: a worker never loads half a file
    return target


@lru_cache(maxsize=4)
def _searcher(path: str, mtime_ns: int) -> xdb_searcher.Searcher:
    with open(path, "rb") as handle:
        version = xdb.version_from_header(xdb.load_header(handle))
        return xdb_searcher.new_with_buffer(version, xdb.load_content(handle))


def _region(ip: str) -> str:
    packed = xdb.parse_ip(ip)
    version = xdb.IPv4 if len(packed) == 4 else xdb.IPv6
    path = database_path(version)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return ""
    return _searcher(str(path), mtime).search(packed)


def place_of_region(region: str) -> str:
    """“中国|广东省|深圳市|电信” (ip2region 3) or “中国|0|广东省|深圳市|电信” (2) → 广东; another
    country's name as it is; "" for private and unknown addresses."""
    parts = region.split("|")
    country = parts[0].strip()
    if country in _UNKNOWN:
        return ""
    if country not in _CHINA:
        return country
    province = next((p.strip() for p in parts[1:3] if p.strip() not in _UNKNOWN), "")
    return _SUFFIX.sub("", province) or country


@lru_cache(maxsize=4096)
def _cached_place(ip: str, databases: tuple) -> str:
    try:
        return place_of_region(_region(ip))
    except ValueError:
        return ""


def ip_location(ip: str | None) -> str:
    """The place to show beside a post or member for this address; "" when unknown."""
    if not ip:
        return ""
    # The databases' change times are part of the key: installing one shows places at once.
    databases = tuple(
        path.stat().st_mtime_ns if path.exists() else 0
        for path in (database_path(xdb.IPv4), database_path(xdb.IPv6))
    )
    return _cached_place(ip, databases)
