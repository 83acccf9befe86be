"""Explorers: small interactive tools (ipywidgets) that let a reader poke at the network.

A notebook calls ONE function and shows the widget it returns (last line of a cell):

    from helpers.widgets import feature_map_explorer
    feature_map_explorer()

The explorers (every argument is optional except the images a run needs):

    feature_map_explorer(model, images, layers)
        pick an image, a layer and channels; see the feature maps.
        Controls: .image .layer .first_channel .channel_count .shared_scale
    gram_explorer(model, images, layers)
        a Gram matrix as a heatmap, and its strongest channel pairs side by side.
        Controls: .image .layer .pairs
    reconstruction_explorer(results, kind="content", reference=None)
        a slider over reconstructions the notebook computed once. Controls: .layer
    balance_explorer(content, style, ratios, model, precomputed, steps)
        a slider over style weight / content weight; browse a grid or press Run.
        Controls: .ratio .run_button .progress
    layer_picker(content, style, model, steps)
        tick style layers, pick the content layer, press Run.
        Controls: .style_boxes .content_layer .run_button .progress
    image_upload(on_image=None, max_size="auto")
        upload a photo of your own; it is read with load_image. Controls: .upload
    painter_explorer(net, images, sizes)
        a trained transform network paints the photo you pick, at the size you pick.
        Controls: .image .size
    upsampling_explorer(kernel=3)
        what a 2x upsampling layer makes of a flat image: checkerboards or not.
        Controls: .kind .kernel

Where they live (this package's modules; this file only gathers them, so a notebook needs one import):
    base                Explorer, the base class of them all: controls, error line, picture
    explore_features    feature_map_explorer, gram_explorer: one image's features at one layer
    explore_images      reconstruction_explorer, image_upload: whole images
    explore_runs        balance_explorer, layer_picker: a short style transfer on a button
    explore_transform   painter_explorer, upsampling_explorer: the feed-forward network (09)

`model=None` means `helpers.vgg.default_model()` (NST_ARCH / NST_WEIGHTS); `images=None` means
every file in images/content and images/style; `layers=None` means every ReLU layer of the model.

What every explorer promises:
- It draws its first picture when it is made, so a notebook run without a person (nbval,
  nbconvert) shows it and does not fail. Callbacks only fire when someone moves a control.
- It is an ipywidgets.VBox. Its controls are attributes; setting `.value` from Python does what
  moving the control does (the tests drive every control this way). `.run()` is the Run button.
- The picture is one PNG in `.output` (an ipywidgets.Output). `.last_png` holds its bytes,
  `.last_figure_data` the numbers drawn (numpy), `.renders` counts redraws.
- A problem (a bad file, no layer ticked) is shown in `.error` (a red line in the widget), never
  as a traceback. `.error.value` is "" when all is well.
"""

from __future__ import annotations

from .explore_features import FeatureMapExplorer, GramExplorer, feature_map_explorer, gram_explorer
from .explore_images import (ImageUpload, ReconstructionExplorer, image_upload,
                             reconstruction_explorer)
from .explore_runs import BalanceExplorer, LayerPicker, balance_explorer, layer_picker
from .explore_transform import (PainterExplorer, UpsamplingExplorer, painter_explorer,
                                upsampling_explorer)
from .base import DPI, LABEL, WIDE, Explorer

__all__ = [
    "feature_map_explorer", "gram_explorer", "reconstruction_explorer", "balance_explorer",
    "layer_picker", "image_upload", "painter_explorer", "upsampling_explorer",
    "Explorer", "FeatureMapExplorer", "GramExplorer", "ReconstructionExplorer",
    "BalanceExplorer", "LayerPicker", "ImageUpload", "PainterExplorer", "UpsamplingExplorer",
    "DPI", "WIDE", "LABEL",
]
