"""TWAIN constants and structures as twain.h defines them (TWAIN Working Group, "TWAIN.h - the definitive include
file", version 2.3, Feb 2013; TWAIN Specification 2.x chapters 7-8 "Data Argument Types" and "Capabilities", and
chapter 12 "Return Codes and Condition Codes"). Structures use the header's 2-byte packing (``#pragma pack (2)``)
and Windows' 32-bit ``long`` for TW_INT32/TW_UINT32, so they have the layout the Windows DSM expects; the fake DSM in
tests/ reads and writes these very structures.
"""

from __future__ import annotations

import ctypes

TWON_PROTOCOLMAJOR = 2
TWON_PROTOCOLMINOR = 3

# Data groups and the DSM/DS "supports 2.x" flags
DG_CONTROL = 0x0001
DG_IMAGE = 0x0002
DF_DSM2 = 0x10000000
DF_APP2 = 0x20000000
DF_DS2 = 0x40000000

# Data argument types
DAT_NULL = 0x0000
DAT_CAPABILITY = 0x0001
DAT_EVENT = 0x0002
DAT_IDENTITY = 0x0003
DAT_PARENT = 0x0004
DAT_PENDINGXFERS = 0x0005
DAT_SETUPMEMXFER = 0x0006
DAT_STATUS = 0x0008
DAT_USERINTERFACE = 0x0009
DAT_CALLBACK = 0x0010
DAT_IMAGEINFO = 0x0101
DAT_IMAGELAYOUT = 0x0102
DAT_IMAGEMEMXFER = 0x0103
DAT_IMAGENATIVEXFER = 0x0104
DAT_ENTRYPOINT = 0x0403

# Messages
MSG_GET = 0x0001
MSG_GETCURRENT = 0x0002
MSG_GETFIRST = 0x0004
MSG_GETNEXT = 0x0005
MSG_SET = 0x0006
MSG_RESET = 0x0007
MSG_XFERREADY = 0x0101
MSG_CLOSEDSREQ = 0x0102
MSG_CLOSEDSOK = 0x0103
MSG_DEVICEEVENT = 0x0104
MSG_OPENDSM = 0x0301
MSG_CLOSEDSM = 0x0302
MSG_OPENDS = 0x0401
MSG_CLOSEDS = 0x0402
MSG_DISABLEDS = 0x0501
MSG_ENABLEDS = 0x0502
MSG_PROCESSEVENT = 0x0601
MSG_ENDXFER = 0x0701
MSG_REGISTER_CALLBACK = 0x0902

# Capabilities
CAP_XFERCOUNT = 0x0001
ICAP_COMPRESSION = 0x0100
ICAP_PIXELTYPE = 0x0101
ICAP_UNITS = 0x0102
ICAP_XFERMECH = 0x0103
CAP_FEEDERENABLED = 0x1002
CAP_FEEDERLOADED = 0x1003
CAP_AUTOFEED = 0x1007
CAP_INDICATORS = 0x100B
CAP_DUPLEX = 0x1012
CAP_DUPLEXENABLED = 0x1013
ICAP_BITDEPTH = 0x112B
ICAP_XRESOLUTION = 0x1118
ICAP_YRESOLUTION = 0x1119
ICAP_SUPPORTEDSIZES = 0x1122

# Containers and item types
TWON_ARRAY = 3
TWON_ENUMERATION = 4
TWON_ONEVALUE = 5
TWON_RANGE = 6
TWTY_INT16 = 0x0001
TWTY_INT32 = 0x0002
TWTY_UINT16 = 0x0004
TWTY_UINT32 = 0x0005
TWTY_BOOL = 0x0006
TWTY_FIX32 = 0x0007

# Values
TWPT_BW = 0
TWPT_GRAY = 1
TWPT_RGB = 2
TWSX_NATIVE = 0
TWSX_MEMORY = 2
TWUN_INCHES = 0
TWDX_NONE = 0
TWDX_1PASSDUPLEX = 1
TWDX_2PASSDUPLEX = 2
TWSS_NONE = 0
TWSS_A4 = 1
TWCP_NONE = 0
TWMF_APPOWNS = 0x0001
TWMF_POINTER = 0x0008

# Return codes
TWRC_SUCCESS = 0
TWRC_FAILURE = 1
TWRC_CHECKSTATUS = 2
TWRC_CANCEL = 3
TWRC_DSEVENT = 4
TWRC_NOTDSEVENT = 5
TWRC_XFERDONE = 6
TWRC_ENDOFLIST = 7
TWRC_BUSY = 10
TWRC_SCANNERLOCKED = 11

# Condition codes (DG_CONTROL / DAT_STATUS / MSG_GET)
TWCC_SUCCESS = 0
TWCC_BUMMER = 1
TWCC_LOWMEMORY = 2
TWCC_NODS = 3
TWCC_MAXCONNECTIONS = 4
TWCC_OPERATIONERROR = 5
TWCC_BADCAP = 6
TWCC_BADPROTOCOL = 9
TWCC_BADVALUE = 10
TWCC_SEQERROR = 11
TWCC_BADDEST = 12
TWCC_CAPUNSUPPORTED = 13
TWCC_CAPBADOPERATION = 14
TWCC_CAPSEQERROR = 15
TWCC_DENIED = 16
TWCC_PAPERJAM = 20
TWCC_PAPERDOUBLEFEED = 21
TWCC_CHECKDEVICEONLINE = 23
TWCC_INTERLOCK = 24
TWCC_DAMAGEDCORNER = 25
TWCC_FOCUSERROR = 26
TWCC_DOCTOOLIGHT = 27
TWCC_DOCTOODARK = 28
TWCC_NOMEDIA = 29

TW_UINT16 = ctypes.c_uint16
TW_INT16 = ctypes.c_int16
TW_UINT32 = ctypes.c_uint32  # "unsigned long": 32 bits on Windows, 32- and 64-bit alike
TW_INT32 = ctypes.c_int32
TW_BOOL = ctypes.c_uint16
TW_HANDLE = ctypes.c_void_p
TW_MEMREF = ctypes.c_void_p
TW_STR32 = ctypes.c_char * 34


class _Packed(ctypes.Structure):
    _pack_ = 2


class TW_FIX32(_Packed):
    _fields_ = [("Whole", TW_INT16), ("Frac", TW_UINT16)]

    @classmethod
    def of(cls, value: float) -> TW_FIX32:
        scaled = round(value * 65536)
        return cls(scaled >> 16, scaled & 0xFFFF)

    def __float__(self) -> float:
        return float(self.Whole) + float(self.Frac) / 65536


class TW_FRAME(_Packed):
    _fields_ = [("Left", TW_FIX32), ("Top", TW_FIX32), ("Right", TW_FIX32), ("Bottom", TW_FIX32)]


class TW_VERSION(_Packed):
    _fields_ = [("MajorNum", TW_UINT16), ("MinorNum", TW_UINT16), ("Language", TW_UINT16),
                ("Country", TW_UINT16), ("Info", TW_STR32)]


class TW_IDENTITY(_Packed):
    _fields_ = [("Id", TW_UINT32), ("Version", TW_VERSION), ("ProtocolMajor", TW_UINT16),
                ("ProtocolMinor", TW_UINT16), ("SupportedGroups", TW_UINT32), ("Manufacturer", TW_STR32),
                ("ProductFamily", TW_STR32), ("ProductName", TW_STR32)]


class TW_CAPABILITY(_Packed):
    _fields_ = [("Cap", TW_UINT16), ("ConType", TW_UINT16), ("hContainer", TW_HANDLE)]


class TW_ONEVALUE(_Packed):
    _fields_ = [("ItemType", TW_UINT16), ("Item", TW_UINT32)]


class TW_ENUMERATION(_Packed):
    """Header of an enumeration container; ``NumItems`` items of ``ItemType`` follow ``ItemList``."""

    _fields_ = [("ItemType", TW_UINT16), ("NumItems", TW_UINT32), ("CurrentIndex", TW_UINT32),
                ("DefaultIndex", TW_UINT32)]


class TW_RANGE(_Packed):
    _fields_ = [("ItemType", TW_UINT16), ("MinValue", TW_UINT32), ("MaxValue", TW_UINT32),
                ("StepSize", TW_UINT32), ("DefaultValue", TW_UINT32), ("CurrentValue", TW_UINT32)]


class TW_STATUS(_Packed):
    _fields_ = [("ConditionCode", TW_UINT16), ("Data", TW_UINT16)]


class TW_USERINTERFACE(_Packed):
    _fields_ = [("ShowUI", TW_BOOL), ("ModalUI", TW_BOOL), ("hParent", TW_HANDLE)]


class TW_PENDINGXFERS(_Packed):
    _fields_ = [("Count", TW_UINT16), ("EOJ", TW_UINT32)]


class TW_IMAGEINFO(_Packed):
    _fields_ = [("XResolution", TW_FIX32), ("YResolution", TW_FIX32), ("ImageWidth", TW_INT32),
                ("ImageLength", TW_INT32), ("SamplesPerPixel", TW_INT16), ("BitsPerSample", TW_INT16 * 8),
                ("BitsPerPixel", TW_INT16), ("Planar", TW_BOOL), ("PixelType", TW_INT16),
                ("Compression", TW_UINT16)]


class TW_IMAGELAYOUT(_Packed):
    _fields_ = [("Frame", TW_FRAME), ("DocumentNumber", TW_UINT32), ("PageNumber", TW_UINT32),
                ("FrameNumber", TW_UINT32)]


class TW_SETUPMEMXFER(_Packed):
    _fields_ = [("MinBufSize", TW_UINT32), ("MaxBufSize", TW_UINT32), ("Preferred", TW_UINT32)]


class TW_MEMORY(_Packed):
    _fields_ = [("Flags", TW_UINT32), ("Length", TW_UINT32), ("TheMem", TW_MEMREF)]


class TW_IMAGEMEMXFER(_Packed):
    _fields_ = [("Compression", TW_UINT16), ("BytesPerRow", TW_UINT32), ("Columns", TW_UINT32),
                ("Rows", TW_UINT32), ("XOffset", TW_UINT32), ("YOffset", TW_UINT32),
                ("BytesWritten", TW_UINT32), ("Memory", TW_MEMORY)]


class TW_EVENT(_Packed):
    _fields_ = [("pEvent", TW_MEMREF), ("TWMessage", TW_UINT16)]


ITEM_SIZES = {TWTY_INT16: 2, TWTY_UINT16: 2, TWTY_BOOL: 2, TWTY_INT32: 4, TWTY_UINT32: 4, TWTY_FIX32: 4}
