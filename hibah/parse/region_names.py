"""The names and codes regions go by in disclosures besides the reference's own: short forms
of officials and the press, former names, the 2022 codes of Papua Barat Daya, and the BPS
provinces split after BPS's bridge. Data only; hibah/parse/regions.py reads with it."""

from __future__ import annotations

# Papua Barat Daya, 2022 edition (92.xx, in force during the election) → 2025 edition (96.xx).
PAPUA_BARAT_DAYA_2022_TO_2025: dict[str, str] = {
    "92.01": "96.01",  # Kabupaten Sorong
    "92.04": "96.02",  # Kabupaten Sorong Selatan
    "92.05": "96.03",  # Kabupaten Raja Ampat
    "92.09": "96.04",  # Kabupaten Tambrauw
    "92.10": "96.05",  # Kabupaten Maybrat
    "92.71": "96.71",  # Kota Sorong
}

# BPS provinces that Kemendagri split after the bridge's edition (Papua and Papua Barat, 2022).
BPS_SPLIT_PROVINCES = frozenset({"91", "94"})

# Names regions had before they were renamed; documents and old tables still use them.
FORMER_NAMES: dict[str, tuple[str, str]] = {
    "toba samosir": ("kabupaten", "Toba"),  # PP 1/2020
    "mamuju utara": ("kabupaten", "Pasangkayu"),  # PP 61/2017
    "maluku tenggara barat": ("kabupaten", "Kepulauan Tanimbar"),  # PP 2/2019
}

# Short forms used by officials and the press → (level, name as in the reference).
SHORT_FORMS: dict[str, tuple[str, str]] = {
    # provinces
    "jabar": ("provinsi", "Jawa Barat"),
    "jateng": ("provinsi", "Jawa Tengah"),
    "jatim": ("provinsi", "Jawa Timur"),
    "diy": ("provinsi", "Daerah Istimewa Yogyakarta"),
    "di yogyakarta": ("provinsi", "Daerah Istimewa Yogyakarta"),
    "dki": ("provinsi", "Daerah Khusus Ibukota Jakarta"),
    "dki jakarta": ("provinsi", "Daerah Khusus Ibukota Jakarta"),
    "sumut": ("provinsi", "Sumatera Utara"),
    "sumbar": ("provinsi", "Sumatera Barat"),
    "sumsel": ("provinsi", "Sumatera Selatan"),
    "babel": ("provinsi", "Kepulauan Bangka Belitung"),
    "kepri": ("provinsi", "Kepulauan Riau"),
    "kalbar": ("provinsi", "Kalimantan Barat"),
    "kalteng": ("provinsi", "Kalimantan Tengah"),
    "kalsel": ("provinsi", "Kalimantan Selatan"),
    "kaltim": ("provinsi", "Kalimantan Timur"),
    "kaltara": ("provinsi", "Kalimantan Utara"),
    "sulut": ("provinsi", "Sulawesi Utara"),
    "sulteng": ("provinsi", "Sulawesi Tengah"),
    "sulsel": ("provinsi", "Sulawesi Selatan"),
    "sultra": ("provinsi", "Sulawesi Tenggara"),
    "sulbar": ("provinsi", "Sulawesi Barat"),
    "ntb": ("provinsi", "Nusa Tenggara Barat"),
    "ntt": ("provinsi", "Nusa Tenggara Timur"),
    "malut": ("provinsi", "Maluku Utara"),
    "pbd": ("provinsi", "Papua Barat Daya"),
    "papbar": ("provinsi", "Papua Barat"),
    # regencies
    "kukar": ("kabupaten", "Kutai Kartanegara"),
    "kutim": ("kabupaten", "Kutai Timur"),
    "kubar": ("kabupaten", "Kutai Barat"),
    "ppu": ("kabupaten", "Penajam Paser Utara"),
    "mahulu": ("kabupaten", "Mahakam Ulu"),
    "kotim": ("kabupaten", "Kotawaringin Timur"),
    "kobar": ("kabupaten", "Kotawaringin Barat"),
    "hss": ("kabupaten", "Hulu Sungai Selatan"),
    "hst": ("kabupaten", "Hulu Sungai Tengah"),
    "hsu": ("kabupaten", "Hulu Sungai Utara"),
    "kotabaru": ("kabupaten", "Kotabaru"),
    "tanbu": ("kabupaten", "Tanah Bumbu"),
    "batola": ("kabupaten", "Barito Kuala"),
    "muba": ("kabupaten", "Musi Banyuasin"),
    "mura": ("kabupaten", "Musi Rawas"),
    "muratara": ("kabupaten", "Musi Rawas Utara"),
    "oku": ("kabupaten", "Ogan Komering Ulu"),
    "oki": ("kabupaten", "Ogan Komering Ilir"),
    "oku timur": ("kabupaten", "Ogan Komering Ulu Timur"),
    "oku selatan": ("kabupaten", "Ogan Komering Ulu Selatan"),
    "pali": ("kabupaten", "Penukal Abab Lematang Ilir"),
    "babar": ("kabupaten", "Bangka Barat"),
    "bateng": ("kabupaten", "Bangka Tengah"),
    "basel": ("kabupaten", "Bangka Selatan"),
    "beltim": ("kabupaten", "Belitung Timur"),
    "lotim": ("kabupaten", "Lombok Timur"),
    "loteng": ("kabupaten", "Lombok Tengah"),
    "lobar": ("kabupaten", "Lombok Barat"),
    "klu": ("kabupaten", "Lombok Utara"),
    "ksb": ("kabupaten", "Sumbawa Barat"),
    "halsel": ("kabupaten", "Halmahera Selatan"),
    "halut": ("kabupaten", "Halmahera Utara"),
    "halbar": ("kabupaten", "Halmahera Barat"),
    "halteng": ("kabupaten", "Halmahera Tengah"),
    "haltim": ("kabupaten", "Halmahera Timur"),
    "tts": ("kabupaten", "Timor Tengah Selatan"),
    "ttu": ("kabupaten", "Timor Tengah Utara"),
    "sbd": ("kabupaten", "Sumba Barat Daya"),
    "abdya": ("kabupaten", "Aceh Barat Daya"),
    "agara": ("kabupaten", "Aceh Tenggara"),
    "aceh tamiang": ("kabupaten", "Aceh Tamiang"),
    "labura": ("kabupaten", "Labuhanbatu Utara"),
    "labusel": ("kabupaten", "Labuhanbatu Selatan"),
    "paluta": ("kabupaten", "Padang Lawas Utara"),
    "madina": ("kabupaten", "Mandailing Natal"),
    "tapsel": ("kabupaten", "Tapanuli Selatan"),
    "taput": ("kabupaten", "Tapanuli Utara"),
    "tapteng": ("kabupaten", "Tapanuli Tengah"),
    "sergai": ("kabupaten", "Serdang Bedagai"),
    "humbahas": ("kabupaten", "Humbang Hasundutan"),
    "bolmong": ("kabupaten", "Bolaang Mongondow"),
    "minut": ("kabupaten", "Minahasa Utara"),
    "minsel": ("kabupaten", "Minahasa Selatan"),
    "mitra": ("kabupaten", "Minahasa Tenggara"),
    "konsel": ("kabupaten", "Konawe Selatan"),
    "konut": ("kabupaten", "Konawe Utara"),
    "kolut": ("kabupaten", "Kolaka Utara"),
    "koltim": ("kabupaten", "Kolaka Timur"),
    "pangkep": ("kabupaten", "Pangkajene dan Kepulauan"),
    "sidrap": ("kabupaten", "Sidenreng Rappang"),
    "tator": ("kabupaten", "Tana Toraja"),
    "torut": ("kabupaten", "Toraja Utara"),
    "lutra": ("kabupaten", "Luwu Utara"),
    "lutim": ("kabupaten", "Luwu Timur"),
    "kkt": ("kabupaten", "Kepulauan Tanimbar"),
    "sbb": ("kabupaten", "Seram Bagian Barat"),
    "sbt": ("kabupaten", "Seram Bagian Timur"),
    "ktt": ("kabupaten", "Tana Tidung"),
    "tanjabbar": ("kabupaten", "Tanjung Jabung Barat"),
    "sitaro": ("kabupaten", "Kep. Siau Tagulandang Biaro"),
    "tanjabtim": ("kabupaten", "Tanjung Jabung Timur"),
    "kkr": ("kabupaten", "Kubu Raya"),
    "inhil": ("kabupaten", "Indragiri Hilir"),
    "inhu": ("kabupaten", "Indragiri Hulu"),
    "kuansing": ("kabupaten", "Kuantan Singingi"),
    "rohil": ("kabupaten", "Rokan Hilir"),
    "rohul": ("kabupaten", "Rokan Hulu"),
    "meranti": ("kabupaten", "Kepulauan Meranti"),
    "pasbar": ("kabupaten", "Pasaman Barat"),
    "pesisel": ("kabupaten", "Pesisir Selatan"),
    "lamsel": ("kabupaten", "Lampung Selatan"),
    "lamtim": ("kabupaten", "Lampung Timur"),
    "lamteng": ("kabupaten", "Lampung Tengah"),
    "lampura": ("kabupaten", "Lampung Utara"),
    "lambar": ("kabupaten", "Lampung Barat"),
    "tuba": ("kabupaten", "Tulang Bawang"),
    "tubaba": ("kabupaten", "Tulang Bawang Barat"),
    "pesibar": ("kabupaten", "Pesisir Barat"),
    "bengkulu selatan": ("kabupaten", "Bengkulu Selatan"),
    # cities
    "jakpus": ("kota", "Jakarta Pusat"),
    "jaksel": ("kota", "Jakarta Selatan"),
    "tangsel": ("kota", "Tangerang Selatan"),
    "banjarbaru": ("kota", "Banjarbaru"),
}
