"""helpers: the small library behind the notebooks "Style Transfer, Step by Step".

Three rooms (docs/architecture.md draws the map and the import rules):

The core: what style transfer needs, in the order the notebooks meet it.
    config        settings (quick mode, device, precision, sizes, seeds) from environment variables
    inputs        the one gate for images, masks and paths: errors that name the fix
    images        files <-> tensors (1, 3, H, W) in [0, 1]; the one `as_image` and `resize`
    weights       where VGG's weights come from (the paper's Caffe VGG-19, torchvision, random, a file)
    vgg           VGG with paper layer names; feature extraction in one pass; the cached model
    losses        content loss, Gram matrix, style loss, total variation
    objective     the weighted sum of the losses for one image
    memory        the peak memory of a run, estimated and checked before it starts
    optimize      the pixel loop (L-BFGS or Adam), history, Ctrl-C; the check of weights, steps
    stylize       the recipes: style transfer, content reconstruction, texture synthesis
    messages      what the helpers say, in the reader's language (English; 简体中文 with NST_LANG=zh)

The extensions (notebook 08), built on the core.
    color         keep the photo's colours: YIQ luminance-only transfer, colour matching
    masks         two styles in two regions: masks of shape (1, 1, H, W)
    stroke_size   resize the style image to change the size of its strokes
    multiscale    coarse to fine: solve a small image first, then refine it at full size
    classify      ImageNet top-5 predictions (is the network the one we think?)
    download      fetch a public-domain painting into a git-ignored folder
    transform_net    notebook 09: the feed-forward transform network (Johnson et al. 2016)
    train_transform  notebook 09: training it with the perceptual loss; Ctrl-C keeps the weights
    painters/        notebook 09: a transform network trained ahead of time, with its record
    style_stats      notebook 09: Gram, mean/std and sliced Wasserstein style statistics
    tutorial_recipe  notebook 10: the official PyTorch tutorial's recipe, written afresh

The teaching tools, built on both.
    plotting/     every figure: images, feature maps, Gram matrices, loss curves, live view
    widgets/      interactive explorers (ipywidgets); import them from helpers.widgets
    checks/       self-checks for the "Your turn" exercises; import them from helpers.checks

widgets and checks are not imported here, so a notebook that does not use them does not load
ipywidgets.
"""

from . import config
from .classify import load_classifier, top_predictions
from .color import (color_stats, keep_content_color, luminance, match_color, match_luminance,
                    rgb_to_yiq, to_luminance, yiq_to_rgb)
from .download import DownloadError, download_image
from .images import ImageError, list_images, load_image, save_image, to_pil, unique_path
from .inputs import InputError, check_image, check_mask
from .memory import MemoryNeededError
from .losses import content_loss, gram_matrix, style_loss, total_variation_loss
from .masks import ellipse_mask, mask_pair, split_masks, threshold_mask
from .objective import CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget
from .optimize import NonFiniteLossError, Result, finished, optimize_image
from .plotting import LiveView, feature_grid, gram_heatmap, loss_curves, show_grid, show_images
from .stroke_size import rescale_style
from .stylize import initial_image, reconstruct_content, stylize, synthesize_texture
from .vgg import VGGFeatures, default_model, extract_features, layer_table, load_vgg
from .weights import WeightsUnavailableError, weights_file

__all__ = [
    "config", "load_classifier", "top_predictions", "DownloadError", "download_image",
    "ImageError", "InputError", "check_image", "check_mask",
    "list_images", "load_image", "save_image", "to_pil", "unique_path",
    "content_loss", "gram_matrix", "style_loss", "total_variation_loss",
    "CONTENT_LAYERS", "STYLE_LAYERS", "Objective", "StyleTarget",
    "MemoryNeededError", "NonFiniteLossError", "Result", "finished", "optimize_image",
    "LiveView", "feature_grid", "gram_heatmap", "loss_curves", "show_grid", "show_images",
    "initial_image", "reconstruct_content", "stylize", "synthesize_texture",
    "VGGFeatures", "WeightsUnavailableError", "default_model", "extract_features", "layer_table",
    "load_vgg",
    "weights_file",
    "color_stats", "keep_content_color", "luminance", "match_color", "match_luminance",
    "rgb_to_yiq", "to_luminance", "yiq_to_rgb",
    "ellipse_mask", "mask_pair", "split_masks", "threshold_mask", "rescale_style",
]
