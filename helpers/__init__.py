"""helpers: the small library behind the notebooks "Style Transfer, Step by Step".

One module per idea, in the order the notebooks meet them:
    config      settings (quick mode, device, sizes, seeds) read from environment variables
    images      files <-> tensors (1, 3, H, W) in [0, 1]
    vgg         VGG with paper layer names; feature extraction in one pass
    classify    ImageNet top-5 predictions (is the network the one we think?)
    losses      content loss, Gram matrix, style loss, total variation
    objective   the weighted sum of the losses for one image
    optimize    the pixel-optimisation loop (L-BFGS or Adam) with history and Ctrl-C safety
    stylize     style transfer, content reconstruction, texture synthesis
    plotting    figures: image grids, feature maps, Gram heatmaps, loss curves, live view
    download    fetch a public-domain painting into a git-ignored folder
    color       keep the photo's colours: YIQ luminance-only transfer, colour matching
    masks       two styles in two regions: masks of shape (1, 1, H, W)
    scale       resize the style image to change the size of its strokes
    widgets     interactive explorers (ipywidgets); import them from helpers.widgets
                (widget_base, explore_features, explore_images, explore_runs hold the code)
    checks      self-checks for the "Your turn" exercises; import them from helpers.checks
                (check_base, check_losses, check_gram, check_closure hold the code)

widgets and checks are not imported here, so a notebook that does not use them does not load
ipywidgets.
"""

from . import config
from .classify import load_classifier, top_predictions
from .color import (color_stats, keep_content_color, luminance, match_color, match_luminance,
                    rgb_to_yiq, to_luminance, yiq_to_rgb)
from .download import DownloadError, download_image
from .images import ImageError, list_images, load_image, save_image, to_pil, unique_path
from .losses import content_loss, gram_matrix, style_loss, total_variation_loss
from .masks import ellipse_mask, mask_pair, split_masks, threshold_mask
from .objective import CONTENT_LAYERS, STYLE_LAYERS, Objective, StyleTarget
from .optimize import NonFiniteLossError, Result, optimize_image
from .plotting import LiveView, feature_grid, gram_heatmap, loss_curves, show_grid, show_images
from .scale import rescale_style
from .stylize import initial_image, reconstruct_content, stylize, synthesize_texture
from .vgg import (VGGFeatures, WeightsUnavailableError, extract_features, layer_table, load_vgg,
                  weights_file)

__all__ = [
    "config", "load_classifier", "top_predictions", "DownloadError", "download_image",
    "ImageError", "list_images", "load_image", "save_image", "to_pil", "unique_path",
    "content_loss", "gram_matrix", "style_loss", "total_variation_loss",
    "CONTENT_LAYERS", "STYLE_LAYERS", "Objective", "StyleTarget",
    "NonFiniteLossError", "Result", "optimize_image",
    "LiveView", "feature_grid", "gram_heatmap", "loss_curves", "show_grid", "show_images",
    "initial_image", "reconstruct_content", "stylize", "synthesize_texture",
    "VGGFeatures", "WeightsUnavailableError", "extract_features", "layer_table", "load_vgg",
    "weights_file",
    "color_stats", "keep_content_color", "luminance", "match_color", "match_luminance",
    "rgb_to_yiq", "to_luminance", "yiq_to_rgb",
    "ellipse_mask", "mask_pair", "split_masks", "threshold_mask", "rescale_style",
]
