"""简体中文 for image files: loading and saving (images.py, through messages/files.py).

{english template: Chinese template}; the fields are the same (tests/test_zh_edition.py checks).
The path comes first, as in English, so a student sees at once which file is meant.
"""

ZH = {
    " after resizing to max_size={max_size}": "（按 max_size={max_size} 缩小之后）",
    ("{path}: the image is {width}x{height} pixels{resized}. VGG halves an image five times, so "
     "each side must be at least {min_side} px. Use a larger image, or a larger max_size."):
        ("{path}：这张图像{resized}是 {width}x{height} 像素。VGG 会把图像的高和宽减半五次，"
         "所以每条边至少要有 {min_side} 像素。请换一张更大的图像，或者用更大的 max_size。"),
    "{path}: max_size={max_size} is too small; VGG needs at least {min_side} px on each side.":
        "{path}：max_size={max_size} 太小了；VGG 要求每条边至少有 {min_side} 像素。",
    ("{path}: permission denied: this account may not read it. Check the file's permissions, or "
     "copy it to a folder of your own."):
        ("{path}：没有权限：这个账户不能读取它。请检查文件的权限，"
         "或者把它复制到你自己的文件夹里。"),
    "{path}: no such file. Check the name and the folder (the current folder is {folder}).":
        "{path}：没有这个文件。请检查文件名和所在的文件夹（当前文件夹是 {folder}）。",
    "{path}: this is a folder, not an image file. Give the path of one image inside it.":
        "{path}：这是一个文件夹，不是图像文件。请给出其中某一张图像的路径。",
    "{path}: the file is empty (0 bytes). Copy or download it again.":
        "{path}：文件是空的（0 字节）。请重新复制或下载。",
    ("{path}: more pixels than Pillow's safety limit (twice PIL.Image.MAX_IMAGE_PIXELS = "
     "{limit:,}). Shrink it in an image editor, or, for a file you trust, raise that limit."):
        ("{path}：像素数超过了 Pillow 的安全上限（PIL.Image.MAX_IMAGE_PIXELS = {limit:,} 的两倍）。"
         "请先在图像编辑器里把它缩小；如果你信任这个文件，也可以调高这个上限。"),
    ("{path}: this is not an image file Pillow can read. Use a JPEG, PNG, WebP, GIF, BMP or TIFF "
     "file."):
        ("{path}：这不是 Pillow 能读取的图像文件。请使用 JPEG、PNG、WebP、GIF、BMP 或 TIFF "
         "文件。"),
    "{path}: the file is damaged or incomplete ({err}). Copy or download it again.":
        "{path}：文件已损坏或不完整（{err}）。请重新复制或下载。",
    "no suffix": "没有后缀名",
    ("{path}: {what} is not an image format Pillow can write. End it with .png, .jpg, .webp or "
     ".tif."):
        ("{path}：{what} 不是 Pillow 能写入的图像格式。请让文件名以 .png、.jpg、.webp 或 .tif "
         "结尾。"),
    ("{target}: cannot write into the folder {folder} ({reason}). Choose a folder of your own, or "
     "check that it is not a file, is writable and the disk is not full."):
        ("{target}：无法写入文件夹 {folder}（{reason}）。请选择你自己的文件夹，"
         "或者检查它不是一个文件、可以写入，并且磁盘没有满。"),
    "to_pil takes one image, got a batch of shape {shape}":
        "to_pil 只接受一张图像，收到的却是形状为 {shape} 的批量",
    "expected shape (1, 3, H, W) or (3, H, W), got {shape}":
        "需要形状 (1, 3, H, W) 或 (3, H, W)，得到的却是 {shape}",
    "the image contains NaN or infinite values; it cannot be shown or saved":
        "图像中有 NaN 或无穷大的值，无法显示或保存",
}
